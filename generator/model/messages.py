"""The catalogue of diagnostic codes: severity and message in each language.

Codes, field names, ids and paths are passed in as arguments and shown exactly as
written. Traditional Chinese is derived from the Simplified text of the template
(never from the arguments), so a clerk's ids and names are not altered.
"""

from __future__ import annotations

from functools import lru_cache

# code: (severity, zh-Hans, en)
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "file.encoding": (
        "error",
        "文件不是 UTF-8 编码{guess}，第一个无法识别的字节在此处。请用 UTF-8 编码另存该文件（例如在记事本中“另存为”，编码选“UTF-8”）",
        "the file is not UTF-8{guess}; the first undecodable byte is here. Save it again with UTF-8 encoding",
    ),
    "file.empty": ("error", "文件是空的。请填写记录内容，或删除该文件",
                   "the file is empty. Write the record, or delete the file"),
    "file.unreadable": ("error", "无法读取文件：{detail}", "cannot read the file: {detail}"),
    "file.ignored": ("warning", "该文件不会被读取：这个文件夹的记录文件以 {suffix} 结尾。请改名为 {rename}",
                     "this file is not read: records in this folder end in {suffix}. Rename it to {rename}"),
    "yaml.syntax": (
        "error",
        "YAML 语法错误{hint}（{detail}）。请检查这一行及上一行的缩进、冒号后的空格和引号是否成对",
        "YAML syntax error{hint} ({detail}). Check indentation, the space after each colon and matching quotes on this line and the one before",
    ),
    "yaml.duplicate-key": ("error", "字段 '{key}' 重复出现，只能保留一个。请删除或合并其中一处",
                           "the key '{key}' appears twice; keep one of them"),
    "yaml.complex-key": ("error", "字段名必须是简单的文字", "a key must be plain text"),
    "yaml.control-character": (
        "error", "此处有控制字符 {char}（通常来自复制粘贴或格式转换），YAML 无法读取。请删除该字符后重新输入这段文字；本文件未读取",
        "a control character {char} here (usually from pasted or converted text) cannot be read as YAML: delete it and retype the text. This file was not read",
    ),
    "yaml.alias": (
        "error", "不支持 YAML 别名（*{name}）。请把它所指的内容直接写在这里；本文件其余内容未读取",
        "YAML aliases (*{name}) are not accepted: write the value out here. The rest of this file was not read",
    ),
    "yaml.too-many-values": (
        "error", "文件中的值超过 {limit} 个，不是有效的记录。请检查是否误粘贴了大量数据；本文件其余内容未读取",
        "more than {limit} values in this file: not a record (was a large amount of data pasted in?). The rest of this file was not read",
    ),
    "yaml.too-deep": (
        "error", "嵌套超过 {limit} 层，不是有效的记录。请检查缩进或方括号、花括号是否成对；本文件其余内容未读取",
        "nested more than {limit} levels deep, which no record is: check the indentation and brackets. The rest of this file was not read",
    ),
    "file.too-large": (
        "error", "文件有 {size} MB，超过 {limit} MB 的上限，未读取。记录文件不应这么大：请把附件放到 content/media/ 并在记录中引用",
        "the file is {size} MB, over the {limit} MB limit, and was not read. Put large attachments in content/media/ and refer to them",
    ),
    "frontmatter.missing": (
        "error",
        "文件开头缺少 YAML 前言。请在第一行写 ---，接着写 title: 等字段，再用一行 --- 结束，然后写正文",
        "the file does not start with YAML front matter. Put --- on the first line, then the fields, then a line with --- before the text",
    ),
    "frontmatter.unterminated": (
        "error", "YAML 前言没有结束。请在字段之后、正文之前加一行 ---",
        "the front matter is not closed. Add a line with --- after the fields, before the text",
    ),
    "type.mapping-expected": (
        "error", "'{field}' 应为“字段: 值”形式的映射，这里写成了{found}。请按格式示例改写",
        "'{field}' must be a mapping of 'key: value' lines, but {found} was found",
    ),
    "type.list-expected": (
        "error", "'{field}' 应为列表（每项一行，以“- ”开头），这里写成了{found}。例如：\n  {field}:\n    - {example}",
        "'{field}' must be a list (one '- ' item per line), but {found} was found",
    ),
    "type.text-expected": (
        "error", "'{field}' 应为一段文字，这里写成了{found}。如果文字中有冒号等符号，请用引号括起来",
        "'{field}' must be text, but {found} was found; quote text that contains a colon",
    ),
    "field.missing": ("error", "缺少必填字段 '{field}'{when}。请补上该字段",
                      "the required field '{field}' is missing{when}. Add it"),
    "field.empty": ("error", "'{field}' 不能为空{need}", "'{field}' must not be empty{need}"),
    "field.unknown": (
        "warning", "未知字段 '{field}'，将被忽略{suggestion}。不公开的内容请写在 private: 下",
        "unknown field '{field}' is ignored{suggestion}. Keep unpublished notes under private:",
    ),
    "field.enum": ("error", "'{field}' 的值 '{value}' 无效。可选值：{allowed}",
                   "'{field}' has the value '{value}', which is not allowed. Allowed: {allowed}"),
    "field.date": (
        "error", "'{field}' 的值 '{value}' 不是 YYYY-MM-DD 格式的日期。请写成例如 2024-10-15",
        "'{field}' is '{value}', not a date in the form YYYY-MM-DD (for example 2024-10-15)",
    ),
    "field.impossible-date": ("error", "'{field}' 的值 '{value}' 是不存在的日期{no_month}{no_day}。请核对年月日",
                              "'{field}' is '{value}', a date that does not exist{no_month}{no_day}"),
    "field.integer": ("error", "'{field}' 的值 '{value}' 不是整数。请写成例如 10",
                      "'{field}' is '{value}', not a whole number"),
    "field.number": ("error", "'{field}' 的值 '{value}' 不是有效数值{range}",
                     "'{field}' is '{value}', not a valid number{range}"),
    "field.phone": (
        "error", "'{field}' 的值 '{value}' 不是有效的电话号码。只能包含数字、空格、- + ( ) 和分机的“转”，例如 0512-60001234 或 0512-60001234转801",
        "'{field}' is '{value}', not a phone number. Use digits, spaces, - + ( ) and 转 for an extension",
    ),
    "field.email": ("error", "'{field}' 的值 '{value}' 不是有效的电子邮箱地址，例如 office@example.cn（不含空格、引号和尖括号）", "'{field}' is '{value}', not an e-mail address such as office@example.cn (no spaces, quotes or angle brackets)"),
    "field.url": ("error", "'{field}' 的值 '{value}' 不是可用的链接：应以 {allowed} 开头，且不含空格、引号和尖括号",
                  "'{field}' is '{value}', not a usable link: it must start with {allowed} and contain no spaces, quotes or angle brackets"),
    "field.site-url": ("error", "'{field}' 的值 '{value}' 不能作为网站地址：应是网站根目录的地址，以 http:// 或 https:// 开头，例如 https://dudao.example.gov.cn/ ，不含 ? # &、空格、引号和尖括号",
                       "'{field}' is '{value}', not a site address: write the address of the site's root folder, starting with http:// or https://, such as https://dudao.example.gov.cn/, with no ? # &, spaces, quotes or angle brackets"),
    "field.control-character": (
        "error", "'{field}' 含有控制字符 {char}（通常来自复制粘贴或格式转换），请删除后重新输入这段文字",
        "'{field}' contains the control character {char} (usually from pasted or converted text); delete it and retype the text"),
    "field.school-code": ("error", "'{field}' 的值 '{value}' 不是 10 位数字的学校标识码",
                          "'{field}' is '{value}', not a ten-digit school code"),
    "field.month": ("error", "'{field}' 的值 '{value}' 不是月份。请写成 2026-03 这样的格式",
                    "'{field}' is '{value}', not a month; write it like 2026-03"),
    "field.id": (
        "error", "'{field}' 的值 '{value}' 不是有效编号。编号只能使用小写字母、数字和连字符",
        "'{field}' is '{value}', not a valid id: use lower-case letters, digits and hyphens",
    ),
    "field.private": ("error", "private 应为“字段: 值”形式的映射", "private must be a mapping"),
    "id.invalid": (
        "error", "文件名 '{name}' 不能作为编号：只能使用小写字母 a-z、数字和连字符 -，并以字母或数字开头。请把文件改名，例如 '{example}'",
        "the file name '{name}' is not a valid id: use a-z, 0-9 and -, starting with a letter or digit. Rename it, for example to '{example}'",
    ),
    "id.duplicate": ("error", "编号 '{id}' 重复：另一个文件也使用了这个编号。请给其中一个文件改名",
                     "the id '{id}' is used by another file too. Rename one of them"),
    "ref.unknown-zone": ("error", "责任区 '{id}' 不存在{suggestion}", "zone '{id}' does not exist{suggestion}"),
    "ref.unknown-supervisor": ("error", "督学 '{id}' 不存在{suggestion}", "supervisor '{id}' does not exist{suggestion}"),
    "ref.unknown-school": ("error", "学校 '{id}' 不存在{suggestion}", "school '{id}' does not exist{suggestion}"),
    "ref.unknown-report": ("error", "督导报告 '{id}' 不存在{suggestion}", "report '{id}' does not exist{suggestion}"),
    "ref.unknown-subject": ("error", "督政对象 '{id}' 不存在{suggestion}", "subject '{id}' does not exist{suggestion}"),
    "ref.unknown-bulletin": ("error", "通报公报 '{id}' 不存在{suggestion}", "bulletin '{id}' does not exist{suggestion}"),
    "ref.unknown-checklist-item": (
        "error", "督导事项 '{id}' 不在 site_config.yml 的 checklist 中{suggestion}。可选：{allowed}",
        "checklist item '{id}' is not in the checklist of site_config.yml{suggestion}. Allowed: {allowed}",
    ),
    "ref.missing-file": ("error", "找不到文件 '{file}'（应在 {where}）。请检查文件名和大小写，或把文件放到该位置",
                         "the file '{file}' does not exist (looked in {where}). Check the name and its case"),
    "ref.file-outside": ("error", "文件 '{file}' 位于 {where} 之外（路径中有 .. 或是指向别处的链接），不会发布。请把文件本身放到 {where} 中",
                         "the file '{file}' lies outside {where} (a '..' in its path, or a link to elsewhere) and is not published; put the file itself inside {where}"),
    "ref.duplicate": ("warning", "'{field}' 中 '{id}' 重复出现", "'{id}' is listed twice in '{field}'"),
    "ref.unpublished-report": (
        "warning", "提到的督导报告 '{id}' 尚未公开（{state}），网站上暂不显示该链接",
        "the report '{id}' it names is not public ({state}); the link is left out until it is",
    ),
    "date.order": ("error", "'{field}'（{value}）早于 '{other}'（{other_value}）。请核对日期",
                   "'{field}' ({value}) is before '{other}' ({other_value})"),
    "rect.duplicate-id": ("error", "整改项编号 '{id}' 在本报告中重复", "the rectification id '{id}' is used twice in this report"),
    "rect.school-not-in-report": ("error", "整改项所属学校 {who}不在本报告的 schools 中。请在 schools 中加上该校，或改正 school",
                                  "the rectification's school {who} is not among the report's schools"),
    "finding.empty": ("warning", "督导事项 '{item}' 的亮点、问题、建议都没有填写，网站上不会显示这一项。请填写，或删去这一项",
                      "nothing is written under the checklist item '{item}', so the page leaves it out; write it, "
                      "or remove the item"),
    "body.placeholder": ("warning", "正文里还有模板的提示文字“（在这里写…）”，发布后会原样显示。请写好正文，删去提示文字",
                         "the body still holds the template's hint \"（在这里写…）\", which would be published as it is; "
                         "write the text and remove the hint"),
    "rect.closed-not-done": (
        "warning", "整改项 '{id}' 填写了核实日期 closed，但 status 不是 done。已完成请把 status 改为 done",
        "rectification '{id}' has a closed date but its status is not done",
    ),
    "rect.extension-no-deadline": (
        "error", "整改项 '{id}' 没有原整改期限 deadline，不能延期。请先填写 deadline",
        "rectification '{id}' has no deadline to extend; set its deadline first"),
    "rect.extension-order": (
        "error", "整改项 '{id}' 延期后的期限 {new} 不晚于原期限 {old}。请核对 extensions 中的 deadline",
        "rectification '{id}': the extended deadline {new} is not after the one before it ({old})"),
    "rect.extension-source": (
        "error", "整改项 '{id}' 的延期没有注明依据。请填写设定新期限的通报 bulletin 或报告 report 的编号",
        "rectification '{id}': say which bulletin or report set the new deadline (bulletin or report)"),
    "record.left-out-unsaid": ("error", "这条记录未通过检查，但检查没有说明原因（dudao 的内部错误）。请把这个文件和 dudao 的版本报告给维护者",
                               "the record did not pass its checks, but no check said why (an internal error of dudao); report the file and dudao's version"),
    "report.no-subject": ("error", "督导报告没有写督导对象：请填写学校 schools，或督政的对象 subjects（乡镇人民政府、部门）",
                          "the report names whom it is of: fill in schools, or (督政) subjects"),
    "figure.unknown": ("error", "'{text}' 中的数字名称不认识。可用：{allowed}",
                       "'{text}' names no figure; these are known: {allowed}"),
    "figure.no-period": ("error", "'{text}' 中的期间 {period} 无法统计：应写成 2025-2026（学年）、2025（年度）、2026-H1（上半年）或 2026-03（月份），且不晚于生成网站之日",
                         "'{text}': {period} is not a period that can be counted (2025-2026, 2025, 2026-H1 or 2026-03, not after the build date)"),
    "figure.differs": ("warning", "“{said}”与记录统计的 {period} 数字 {computed} 不符。请核对，或改写为 {placeholder}，由网站按记录自动填入",
                       "\"{said}\" differs from the {computed} the records give for {period}; check it, or write {placeholder} to have it filled in"),
    "school.former-supervisor": (
        "warning", "本校的责任督学 {who}已离任，公示牌上仍会显示。请更换责任督学",
        "the school's responsible supervisor {who} is a former supervisor",
    ),
    "school.successor-self": ("error", "successor 不能指向学校自身", "successor must name another school"),
    "report.supervisor-not-in-office": (
        "warning", "督学 {who}在督导日期 {visited} 不在任（任期 {since} 至 {until}）。请核对督导日期、督学，或该督学的任期 since/until",
        "supervisor {who} was not in office on the visit date {visited} (term {since} to {until}); check the date, the supervisor or their term"),
    "rect.followup-before": ("warning", "回头看报告 '{id}'（督导日期 {visited}）早于提出整改的报告 '{report}'（{report_visited}）。请核对 followup",
                             "the follow-up report '{id}' ({visited}) is older than the report '{report}' ({report_visited}) that set the rectification"),
    "zone.leader-outside": ("warning", "组长 {who}不属于本责任区，而属于{zone}",
                            "the leader {who} belongs to {zone}, not this zone"),
    "page.reserved-id": (
        "error", "页面编号 '{id}' 与网站栏目地址 /{id}/ 冲突。请把文件改名，例如 '{id}-info.md'",
        "the page id '{id}' is the address of a section (/{id}/). Rename the file",
    ),
    "address.collision": ("error", "地址 /{url} 被两条记录同时使用。请给其中一条记录改名",
                          "two records would be published at /{url}; rename one of them"),
    "import.unreadable": ("error", "无法读取表格：{reason}。请用 Excel 另存为 .xlsx 或 CSV 后再导入",
                          "cannot read the spreadsheet: {reason}. Save it again from Excel as .xlsx or CSV"),
    "import.format": ("error", "无法导入 {suffix} 文件：请在 Excel 中另存为 .xlsx（Excel 工作簿）或 .csv",
                      "cannot import a {suffix} file: save it from Excel as .xlsx or .csv"),
    "import.encoding": ("error", "CSV 文件既不是 UTF-8 也不是 GBK 编码。请在 Excel 中另存为“CSV UTF-8”",
                        "the CSV file is neither UTF-8 nor GBK. Save it from Excel as 'CSV UTF-8'"),
    "import.too-many-rows": ("error", "表格超过 {limit} 行，未导入。请分成几个文件",
                             "the sheet has more than {limit} rows and was not imported; split it"),
    "import.unpacked-too-large": (
        "error", "工作簿解压后有 {what}，超过 {limit} 的上限，未读取。请只保留要导入的工作表，用 Excel 另存后再导入",
        "the workbook unpacks to {what_en}, over the limit of {limit_en}, and was not read. Keep only the sheets to "
        "import, save it again from Excel and import it"),
    "import.too-many-cells": (
        "error", "这一行有超过 {limit} 个单元格，未读取。请删除右侧多余的列（含只设置了格式的空单元格）后再导入",
        "this row has more than {limit} cells and was not read. Delete the unused columns to the right (empty cells "
        "with formatting count too) and import again"),
    "import.too-many-cells-in-all": (
        "error", "工作簿超过 {limit} 个单元格，未读取。请分成几个文件",
        "the workbook has more than {limit} cells and was not read; split it"),
    "import.cell-too-long": (
        "error", "单元格超过 {limit} 个字符（Excel 一个单元格的上限），未导入。请缩短这段文字",
        "the cell holds more than {limit} characters (Excel's limit for a cell) and was not imported; shorten it"),
    "import.formula": (
        "error", "单元格是公式，文件中没有它的计算结果（文件不是由 Excel 保存的），无法知道它的值，未导入。"
        "请在 Excel 中打开并保存，或把公式改为数值（复制后“选择性粘贴 → 数值”）",
        "the cell holds a formula whose value the file does not keep (it was not saved by Excel), so its value is "
        "unknown and nothing was imported. Open and save it in Excel, or replace the formula by its value "
        "(copy, then Paste Special → Values)"),
    "import.formula-value": (
        "warning", "单元格是公式，导入的是 Excel 保存时算出的值",
        "the cell holds a formula: the value Excel computed when it saved the file was imported"),
    "import.record-refused": (
        "error", "导入后的记录文件 {path} 将无法通过检查，未写入任何文件：{detail}",
        "the record file {path} the import would write would not pass the checks; nothing was written: {detail}"),
    "import.unknown-sheet": ("warning", "工作表 '{sheet}' 未导入：不知道它是哪类记录。工作表应命名为 {names} 之一（或用 --kind 指定）",
                             "the sheet '{sheet}' was not imported: name it one of {names} (or give --kind)"),
    "import.unknown-column": ("warning", "工作表 '{sheet}' 的列 '{header}' 不认识，未导入{suggestion}。可用的列名见 dudao import --template",
                              "the column '{header}' of sheet '{sheet}' is unknown and was not imported{suggestion}. "
                              "See dudao import --template for the column names"),
    "import.duplicate-column": ("error", "列 '{header}' 与另一列是同一个字段。请删除其中一列",
                                "the column '{header}' fills the same field as another column; delete one"),
    "import.no-id-column": ("error", "工作表 '{sheet}' 既没有“{id_header}”列也没有“{name_header}”列，无法知道每行是哪条记录",
                            "the sheet '{sheet}' has neither a '{id_header}' nor a '{name_header}' column"),
    "import.row-without-name": ("error", "这一行没有填写“{header}”，也没有编号。请填写名称",
                                "this row has no '{header}' and no id; fill in the name"),
    "import.invalid-id": ("error", "编号 '{name}' 不可用：只能使用小写字母 a-z、数字和连字符 -，并以字母或数字开头，例如 '{example}'。也可以留空，由名称的拼音生成",
                          "the id '{name}' is not valid: use a-z, 0-9 and -, for example '{example}'; or leave it empty to derive it from the name"),
    "import.duplicate-row": ("error", "编号 '{id}' 在表格中出现了两次。请合并这两行",
                             "the id '{id}' is on two rows; merge them"),
    "import.ambiguous-name": ("error", "名称 '{name}' 对应多条记录（{ids}）。请改填其中一个编号",
                              "the name '{name}' matches several records ({ids}); write the id instead"),
    "import.unknown-name": ("error", "没有名称或编号为 '{name}' 的{what}{suggestion}。请核对名称，或先在名册中添加",
                            "no {what} is named or numbered '{name}'{suggestion}; check the name, or add it to the roster first"),
    "import.choice": ("error", "“{header}”填写的 '{value}' 不是可选的值。可选：{choices}",
                      "'{value}' is not a choice for '{header}'; choose one of {choices}"),
    "import.rect-incomplete": ("error", "这一行缺少“{report}”或“{id}”，无法找到对应的整改事项。请补填",
                               "this row lacks the '{report}' or the '{id}', so it names no rectification"),
    "import.conflict": ("error", "“{field}”与督导记录表中同一整改事项的值不同。请只在一处修改",
                        "'{field}' differs from the visit sheet's value for the same rectification; change it in one place"),
    "import.visit-incomplete": ("error", "这一行缺少“{date}”或“{school}”，无法归入某次督导。请补填",
                                "this row lacks the '{date}' or the '{school}', so it belongs to no visit"),
    "build.engine": ("error", "网站引擎生成失败，原网站未改动：{detail}", "the site engine failed; the previous site is unchanged: {detail}"),
    "build.exports": ("error", "开放数据、订阅源和标牌文件生成失败，原网站未改动：{detail}", "writing the open data, feeds and signs failed; the previous site is unchanged: {detail}"),
}

# Not a code: the "see also" note after a diagnostic that has a second place.
RELATED = ("另见 {pos}", "see also {pos}")

FOUND = {
    "mapping": ("映射（字段: 值）", "a mapping"),
    "list": ("列表", "a list"),
    "text": ("文字", "text"),
    "nothing": ("空值", "nothing"),
}

# What the command line says besides the problems: each line in Simplified Chinese and English,
# shown in the site's language (`say`), as the problems are.
SAID: dict[str, tuple[str, str]] = {
    "check.failed": ("发现 {e} 个错误，{w} 个警告。", "{e} errors, {w} warnings."),
    "check.passed": ("检查通过：{w} 个警告。", "No errors; {w} warnings."),
    "unpublished": ("未发布、不在网站上：{states}。", "Not published, not on the site: {states}."),
    "unpublished.draft": ("草稿 {n} 份", "{n} drafts"),
    "unpublished.embargoed": ("未到发布日期 {n} 份", "{n} before their date"),
    "unpublished.withdrawn": ("已撤回 {n} 份", "{n} withdrawn"),
    "unpublished.draft-hint": ("草稿要发布，请填写发布日期 published，并把 status 改为 published。",
                               "To publish a draft, give its published date and set status: published."),
    "unpublished.embargoed-hint": ("未到发布日期的，到日期后重新生成网站即会公开。",
                                   "Those before their date are published by the first build on or after it."),
    "build.up-to-date": ("网站已是最新：自上次生成以来内容、配置和主题都没有变化，{out} 保持原样（用时 {seconds:.1f} 秒）。",
                         "The site is up to date: nothing changed since the last build; {out} was left as it is "
                         "({seconds:.1f} s)."),
    "build.done": ("已生成 {pages} 个页面{reused}：{out}（用时 {seconds:.1f} 秒）",
                   "Built {pages} pages{reused} into {out} in {seconds:.1f} s."),
    "build.reused": ("，其中 {n} 个未变、取自缓存", " ({n} unchanged, from the cache)"),
    "build.next": ("预览：make serve（或 dudao serve）；发布：把该文件夹上传到任意静态网站空间。",
                   "Preview: make serve (or dudao serve); publish: upload the folder to any static host."),
    "import.create": ("新建 {kind} {id}：{path}", "new {kind} {id}: {path}"),
    "import.update": ("更新 {kind} {id}：{path}（{fields}）", "update {kind} {id}: {path} ({fields})"),
    "import.failed": ("发现 {e} 个错误，{w} 个警告；没有写入任何文件。请改正表格后重新导入。",
                      "{e} errors, {w} warnings; nothing was written. Fix the sheet and import again."),
    "import.no-change": ("没有变化：表格与现有记录一致。", "No change: the sheet matches the records."),
    "import.dry-run": ("试运行：以上 {n} 个文件将被新建或更新，本次没有写入任何文件。",
                       "Dry run: the {n} files above would change; nothing was written."),
    "import.written": ("已写入 {n} 个文件（{w} 个警告）。下一步：dudao check，再 dudao serve 预览。",
                       "Wrote {n} files ({w} warnings). Next: dudao check, then dudao serve."),
    "list.separator": ("；", "; "),
    "list.comma": ("、", ", "),
}


def say(key: str, lang: str, **args) -> str:
    """A line of the command line's, in `lang`: plain text, for a terminal."""
    return pick(*SAID[key], lang).format(**args)


def severity(code: str) -> str:
    return CATALOGUE[code][0]


@lru_cache(maxsize=None)
def pick(zh: str, en: str, lang: str) -> str:
    """The text for `lang`, given in Simplified Chinese and English."""
    if lang == "en":
        return en
    return to_traditional(zh) if lang == "zh-Hant" else zh


def _template(code: str, lang: str) -> str:
    zh, en = RELATED if code == "related" else CATALOGUE[code][1:]
    return pick(zh, en, lang)


def to_traditional(text: str) -> str:
    import zhconv  # loaded only for Traditional sites

    return zhconv.convert(text, "zh-hk")


# Arguments whose wording depends on the language are stored as plain values and
# phrased here, so one diagnostic can be shown in any language.
PHRASES = {
    "suggestion": ("（是否应为 '{}'？）", " (did you mean '{}'?)"),
    "when": ("（status 为 {} 时必填）", " (required when status is {})"),
    "need": ("，至少要有一项", "; at least one is needed"),
    "range": ("，应在 {} 之间", "; it must lie in {}"),
    "guess": ("（看起来是 {} 编码）", " (it looks like {})"),
    "no_month": ("：没有 {} 月", ": there is no month {}"),
    "no_day": ("：这个月只有 {} 天", ": that month has {} days"),
}

# YAML problems in words (the arg `hint` holds one of these keys).
YAML_HINTS = {
    "colon": ("：文字中有“冒号+空格”，请把整段文字用引号括起来", ": a value contains ': '; put the whole value in quotes"),
    "tab": ("：不能用 Tab 键缩进，请改用空格", ": indent with spaces, not tabs"),
    "missing-colon": ("：缺少“字段: 值”中的冒号", ": a 'key: value' line lacks its colon"),
    "indent": ("：缩进不一致，同一层的字段要对齐", ": the indentation is uneven; align fields of one level"),
    "bracket": ("：方括号 [ ] 没有配对", ": a [ is not closed by ]"),
    "brace": ("：花括号 { } 没有配对", ": a { is not closed by }"),
    "quote": ("：引号或括号没有闭合", ": a quote or bracket is not closed"),
    "alias": ("：引用了不存在的锚点（*名称）", ": an alias (*name) has no anchor"),
}


def render(code: str, args: dict[str, str], lang: str) -> str:
    shown = dict(args)
    for key, value in args.items():
        if key == "found":
            shown[key] = found_name(value, lang)
        elif key == "hint":
            shown[key] = pick(*YAML_HINTS.get(value, ("", "")), lang)
        elif key in PHRASES:
            shown[key] = pick(*PHRASES[key], lang).format(value) if value else ""
    return _template(code, lang).format_map(_Defaults(shown))


def found_name(kind: str, lang: str) -> str:
    return pick(*FOUND[kind], lang)


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""
