"""The site's own words (labels, headings, notices) in each supported language.

Simplified Chinese and English are written here; Traditional Chinese is derived
from the Simplified text. Record content is never translated or converted.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from markupsafe import Markup

from .escaping import text
from .messages import pick

# key: (zh-Hans, en)
WORDS: dict[str, tuple[str, str]] = {
    # navigation and sections
    "home": ("首页", "Home"),
    "schools": ("学校", "Schools"),
    "supervisors": ("责任督学", "Supervisors"),
    "zones": ("责任区", "Zones"),
    "reports": ("督导报告", "Reports"),
    "bulletins": ("通报公报", "Bulletins"),
    "contact": ("联系我们", "Contact"),
    # school listings
    "by_initial": ("按拼音", "A–Z"),
    "by_township": ("按乡镇（街道）", "By township"),
    "by_type": ("按学段", "By type"),
    "by_zone": ("按责任区", "By zone"),
    "no_township": ("未填写乡镇", "Township not given"),
    "schools_count": ("共 {n} 所学校", "{n} schools"),
    "find_school": ("查找学校", "Find a school"),
    "find_school_hint": ("按学校名称拼音首字母、乡镇（街道）、学段或责任区查找本校的责任督学和督导情况。",
                         "Find your school's supervisor and inspections by name, township, type or zone."),
    # school page
    "responsible_supervisor": ("责任督学", "Responsible supervisor"),
    "other_supervisors": ("协同督学", "Other supervisors"),
    "duties": ("责任督学职责", "Duties"),
    "zone": ("督学责任区", "Zone"),
    "zone_leader": ("组长", "Leader"),
    "hotline": ("督导监督电话", "Supervision hotline"),
    "other_channels": ("其他渠道", "Other channels"),
    "school_info": ("学校信息", "About the school"),
    "liaison": ("挂牌督导联络员", "School liaison"),
    "rectifications": ("整改情况", "Rectifications"),
    "no_rectifications": ("暂无整改事项。", "No rectifications."),
    "history": ("督导记录", "Inspection history"),
    "full_history": ("查看全部 {n} 份督导报告和全部整改事项", "All {n} reports and every rectification"),
    "back_to_school": ("返回学校页面", "Back to the school"),
    "back_to_supervisor": ("返回督学页面", "Back to the supervisor"),
    "all_reports_written": ("查看全部 {n} 份督导报告", "All {n} reports"),
    "no_reports": ("暂无公开的督导报告。", "No published reports yet."),
    "related_bulletins": ("相关通报", "Bulletins naming this school"),
    "closed_title": ("已停止办学", "Closed"),
    "closed_text": ("本校已停止办学。", "This school has closed."),
    "successor_text": ("现由 {link} 承接。", "Its successor is {link}."),
    "predecessors": ("原学校", "Former schools"),
    "former_names": ("曾用名", "Former names"),
    "former_school_supervisors": ("曾任责任督学", "Earlier supervisors"),
    "school_type": ("学段", "Type"),
    "school_code": ("学校标识码", "School code"),
    "address": ("地址", "Address"),
    "township": ("乡镇（街道）", "Township"),
    "phone": ("电话", "Phone"),
    "website": ("网站", "Website"),
    "principal": ("校长（园长）", "Principal"),
    "sign_no": ("挂牌编号", "Sign number"),
    "status": ("状态", "Status"),
    "open": ("正常办学", "Open"),
    "closed": ("已停办", "Closed"),
    "call": ("拨打", "Call"),
    # supervisor
    "role": ("类别", "Role"),
    "position": ("工作单位及职务", "Position"),
    "certificate": ("督学证号", "Certificate"),
    "email": ("电子邮箱", "E-mail"),
    "term": ("任期", "Term"),
    "former": ("已离任", "Former"),
    "former_supervisors": ("离任督学", "Former supervisors"),
    "schools_supervised": ("负责学校", "Schools"),
    "as_primary": ("任责任督学", "as responsible supervisor"),
    "as_member": ("协同督学", "as team member"),
    "reports_written": ("参与的督导报告", "Reports"),
    "about": ("简介", "About"),
    "photo_of": ("{name}的照片", "Photo of {name}"),
    "no_photo": ("暂无照片", "No photo"),
    # zone
    "zone_supervisors": ("本区督学", "Supervisors"),
    "zone_schools": ("本区学校", "Schools"),
    "recent_reports": ("近期督导报告", "Recent reports"),
    # reports
    "kind": ("类型", "Kind"),
    "visited": ("督导日期", "Visited"),
    "published": ("发布日期", "Published"),
    "topic": ("专项主题", "Topic"),
    "rating": ("评定等级", "Rating"),
    "findings": ("督导发现", "Findings"),
    "item": ("督导事项", "Item"),
    "highlights": ("亮点", "Highlights"),
    "problems": ("问题", "Problems"),
    "suggestions": ("建议", "Suggestions"),
    "rect_issue": ("问题", "Issue"),
    "rect_requirement": ("整改要求", "Requirement"),
    "rect_deadline": ("整改期限", "Deadline"),
    "rect_status": ("状态", "Status"),
    "rect_closed": ("核实日期", "Verified"),
    "rect_note": ("说明", "Note"),
    "rect_report": ("督导报告", "Report"),
    "overdue": ("已逾期", "Overdue"),
    "corrections": ("更正说明", "Corrections"),
    "attachments": ("附件", "Attachments"),
    "narrative": ("报告正文", "Report"),
    "withdrawn": ("已撤回", "Withdrawn"),
    "withdrawn_notice": ("本报告已撤回，原内容不再公开。", "This record has been withdrawn; its content is no longer published."),
    "withdrawn_notice_bulletin": ("本文件已撤回，原内容不再公开。", "This record has been withdrawn; its content is no longer published."),
    "withdrawn_reason": ("撤回原因", "Reason"),
    "withdrawn_on": ("撤回日期", "Withdrawn on"),
    "by_year": ("按年度", "By year"),
    "year": ("{year}年", "{year}"),
    "year_reports": ("{year}年督导报告", "Reports of {year}"),
    "latest_reports": ("最新督导报告", "Latest reports"),
    "all_years": ("各年度报告", "Reports by year"),
    "total": ("合计", "Total"),
    "school_year_col": ("年度", "Year"),
    "title": ("标题", "Title"),
    "date": ("日期", "Date"),
    "school": ("学校", "School"),
    "supervisor_col": ("督学", "Supervisors"),
    "mentioned_in": ("相关通报", "Named in bulletins"),
    # bulletins
    "number": ("文号", "Number"),
    "named_schools": ("涉及学校", "Schools named"),
    "named_reports": ("涉及督导报告", "Reports named"),
    "latest_bulletins": ("最新通报公报", "Latest bulletins"),
    # home
    "counts_schools": ("学校", "Schools"),
    "counts_supervisors": ("在任责任督学", "Supervisors"),
    "counts_reports": ("督导报告", "Reports"),
    "counts_open": ("未完成整改", "Open rectifications"),
    "more": ("更多", "More"),
    # contact
    "contact_intro": ("遇到问题，可以按下面的顺序联系：", "Whom to call for what:"),
    "contact_school": ("关于学校的具体事务（课程、收费、作息、安全等），请先联系学校。学校电话见各校页面。",
                       "For a school's own matters (lessons, fees, timetable, safety), call the school first; its number is on its page."),
    "contact_supervisor": ("对学校的答复不满意，或要反映学校依法办学、教育教学、校园安全等问题，请联系该校的责任督学。电话见学校页面和校门口的挂牌公示牌。",
                           "If the school's answer is not enough, or to report how a school is run, call its responsible supervisor (on the school's page and its sign)."),
    "contact_office": ("对责任督学的工作有意见，或不知道该找谁，请拨打督导监督电话：",
                       "About a supervisor's work, or if you do not know whom to ask, call the supervision hotline:"),
    "contact_others": ("也可以通过以下渠道反映：", "Other channels:"),
    "office_hours": ("办公时间", "Office hours"),
    "office": ("督导室", "Office"),
    # footer and 404
    "not_found_title": ("页面不存在", "Page not found"),
    "not_found_text": ("您访问的页面不存在，可能已被移动或地址有误。", "The page you asked for does not exist."),
    "back_home": ("返回首页", "Back to the home page"),
    "site_code": ("网站标识码", "Site code"),
    # feeds, open data, signs, dashboard
    "feed_all": ("督导报告与通报", "reports and bulletins"),
    "subscribe": ("订阅更新", "Subscribe"),
    "subscribe_hint": ("把这个链接添加到新闻阅读器（RSS 阅读器）中，有新的督导报告或通报时会收到提示。",
                       "Subscribe in a feed reader to hear of new reports and bulletins."),
    "dashboard": ("督导看板", "Dashboard"),
    "dashboard_teaser": ("每所学校是否每月都有督导、问题是否按期整改", "are schools visited every month, are problems fixed on time"),
    "dashboard_intro": ("以下数据根据本平台公开的督导报告自动统计（截至 {date}），每张图下方的表格列出相同的数字。",
                        "Figures computed from the published reports (as of {date}); each chart's table below it gives the same numbers."),
    "coverage": ("“一月一督导”覆盖情况", "Monthly visit coverage"),
    "coverage_intro": ("每所学校每月的经常性督导次数，要求为每月 {n} 次。绿色为达到要求，黄色为不足，红色为当月没有督导记录。只统计已结束的月份{holidays}。",
                       "Regular visits per school and month against {n} a month: green enough, amber fewer, red none. Complete months only{holidays}."),
    "coverage_holidays": ("，不含假期月份（{months}月）", ", holidays left out (months {months})"),
    "coverage_share": ("达到要求的学校月份占 {share}。", "{share} of school-months met the rule."),
    "coverage_chart": ("{zone}：各校每月督导次数", "{zone}: visits per school and month"),
    "coverage_desc": ("{n} 所学校、{m} 个月的热力图；数字见下表。", "Heat map of {n} schools over {m} months; the numbers are in the table below."),
    "missed": ("未督导的学校", "Schools not visited"),
    "month": ("月份", "Month"),
    "none_missed": ("每所学校都有督导记录。", "Every school was visited."),
    "per_supervisor": ("责任督学工作量", "Supervisors"),
    "schools_primary": ("负责学校（责任督学）", "Schools (responsible)"),
    "schools_member": ("协同学校", "Schools (team)"),
    "visits_month": ("月均督导次数", "Visits per month"),
    "reports_published": ("发布报告", "Reports published"),
    "supervisor_chart": ("责任督学月均督导次数", "Visits per month by supervisor"),
    "rect_stats": ("整改情况统计", "Rectifications"),
    "rect_by_zone": ("按责任区", "By zone"),
    "rect_by_item": ("按督导事项", "By checklist item"),
    "median_days": ("整改完成用时中位数（天）", "Median days to close"),
    "median_days_hint": ("从报告发布（提出整改期限）到核实整改完成的天数。", "Days from the report's publication (the deadline being set) to verified done."),
    "state_overdue": ("已逾期", "Overdue"),
    "state_open": ("未整改", "Open"),
    "state_in_progress": ("整改中", "In progress"),
    "state_done": ("已整改", "Done"),
    "timeliness": ("报告发布及时性", "Timeliness"),
    "timeliness_hint": ("从督导（最后一天）到报告发布的天数。", "Days from the (last day of the) visit to publication."),
    "timeliness_chart": ("各类报告发布用时中位数（天）", "Median days to publication by kind"),
    "count": ("数量", "Number"),
    "median": ("中位数", "Median"),
    "mean": ("平均", "Mean"),
    "longest": ("最长", "Longest"),
    "days": ("天", " days"),
    "signs": ("公示牌", "Signs"),
    "sign_heading": ("责任督学挂牌督导公示牌", "School supervision sign"),
    "sign_scan": ("扫码查看本校督导情况", "Scan for this school's inspections"),
    "sign_print": ("打印公示牌", "Print the sign"),
    "sign_print_all": ("一次打印全部公示牌", "Print every sign"),
    "sign_svg": ("下载印刷文件（矢量图，可交印刷厂）", "File for print shops (SVG)"),
    "sign_file": ("印刷文件", "Print file"),
    "sign_printed": ("上次印制", "Last printed"),
    "sign_state": ("状态", "State"),
    "sign_current": ("最新", "Up to date"),
    "sign_outdated": ("需重印：责任督学已变更", "Reprint: the supervisor changed"),
    "sign_never": ("尚未印制", "Never printed"),
    "sign_intro": ("每所学校校门口的公示牌与本网站学校页面的内容一致，扫描牌上的二维码即可打开学校页面。标为“需重印”的公示牌，牌上的责任督学已有变更，以学校页面为准，督导室将重新印制。",
                   "Each school's sign matches its page here; its QR code opens the page. A sign marked out of date names a supervisor who has changed: the school's page is right, and the office will reprint the sign."),
    "paper": ("纸张", "Paper"),
    "print": ("打印", "Print"),
    "open_data": ("开放数据", "Open data"),
    "data_license": ("数据使用许可", "Licence"),
    "data_license_default": ("本平台数据依法主动公开，可免费下载、使用和转载，请注明来源“{authority}”。",
                             "These data are published by law and free to download, use and share; please credit {authority}."),
    "open_data_intro": ("本平台公开的全部数据均可下载，供研究和新闻报道使用。每个数据集提供 JSON 和 CSV 两种格式（CSV 为带 BOM 的 UTF-8，Excel 可直接打开），并附 JSON Schema。以下数据不含任何未公开的信息。",
                        "Every dataset this site publishes, as JSON and as CSV (UTF-8 with a byte-order mark, which Excel opens directly), each with a JSON Schema. Nothing unpublished is included."),
    "column": ("字段", "Column"),
    "type": ("类型", "Type"),
    "meaning": ("说明", "Meaning"),
    "in_reports_json": ("在 JSON 中，这些记录包含在 reports.json 的每份报告之内。", "In JSON these are inside each report of reports.json."),
    "list_in_csv": ("列表在 CSV 中以分号分隔。", "Lists are separated by semicolons in CSV."),
    "csv_formula_note": ("CSV 文件中，以 =、+、-、@ 开头的文字前加一个单引号 '，Excel 等表格软件会把它当作文字显示，而不会当作公式执行；JSON 文件保留原样。",
                         "In CSV files, a text that starts with =, +, - or @ is preceded by a single quote ', so that Excel and other spreadsheets show it as text and never run it as a formula; JSON files keep the exact value."),
    # search and finder
    "search": ("搜索", "Search"),
    "search_placeholder": ("搜索学校、督学、报告", "Search schools, supervisors, reports"),
    "search_results": ("搜索结果", "Search results"),
    "search_page_hint": ("可以输入学校名称（或其中一部分）、曾用名、督学姓名、整改事项、文号或电话号码。",
                         "Type part of a school's name, a former name, a supervisor, a topic, a document number or a phone number."),
    "large_text": ("大字", "Large text"),
    "high_contrast": ("高对比", "Contrast"),
    "page_kind": ("页面", "Page"),
    "no_results": ("没有找到相关内容。", "Nothing found."),
    "all_results": ("查看全部 {n} 条结果", "All {n} results"),
    "search_everything": ("在报告、通报等全部内容中搜索", "Search reports, bulletins and every page"),
    "n_results": ("共 {n} 条结果", "{n} results"),
    "n_schools": ("找到 {n} 所学校", "{n} schools found"),
    "finder_label": ("学校名称、拼音或首字母", "School name, pinyin or initials"),
    "finder_placeholder": ("例如：实验小学、syxx", "e.g. shiyan, syxx"),
    "all": ("全部", "All"),
    "glossary": ("术语解释", "Glossary"),
    "a11y": ("无障碍声明", "Accessibility"),
    "a11y_intro": ("{authority}致力于让所有人都能使用本站，包括老年人和残障人士。", "{authority} wants everyone to be able to use this site, older and disabled people included."),
    "a11y_features": ("本站提供", "What the site offers"),
    "a11y_large": ("大字模式：页面右上角的“大字”按钮放大全部文字，在本浏览器中记住。", "Large text: the button at the top right enlarges all text, remembered in this browser."),
    "a11y_contrast": ("高对比模式：“高对比”按钮改为黑白高对比配色。", "High contrast: the contrast button switches to black on white."),
    "a11y_keyboard": ("全部功能可以只用键盘操作，焦点位置清晰可见；图片和图表都有文字说明，表格有表头。", "Everything works from the keyboard with a visible focus; images and charts have text, tables have headers."),
    "a11y_nojs": ("不运行脚本时，学校名单和全部页面照常可用。", "Without scripts, the school list and every page still work."),
    "a11y_charts": ("督导看板的每张图表下方都有列出相同数字的表格。", "Each chart on the dashboard has a table with the same figures."),
    "a11y_audit": ("检测结果", "Audit"),
    "a11y_audit_text": ("本站的 {n} 类页面于 {date} 经 {tool} 在手机屏幕宽度（{viewport}）下自动检测：严重级别问题 {critical} 个，重要级别 {serious} 个，中等级别 {moderate} 个，轻微级别 {minor} 个。每次发布新版本前都会重新检测。",
                        "{n} kinds of page were checked on {date} with {tool} at phone width ({viewport}): {critical} critical, {serious} serious, {moderate} moderate and {minor} minor problems. Every new version is checked again."),
    "a11y_page": ("页面类型", "Page"),
    "a11y_critical": ("严重", "Critical"),
    "a11y_serious": ("重要", "Serious"),
    "a11y_moderate": ("中等", "Moderate"),
    "a11y_minor": ("轻微", "Minor"),
    "a11y_limits": ("自动检测不能发现全部问题。上传的附件（如 PDF）由发布单位提供，可能不完全符合无障碍要求。", "Automatic checks cannot find every problem. Attachments (PDF) come from the offices and may not be fully accessible."),
    "a11y_feedback": ("反馈", "Feedback"),
    "a11y_feedback_text": ("使用中遇到困难，请告诉我们：", "If something is hard to use, tell us:"),
    "sponsor": ("主办单位", "Published by"),
    "organizer": ("承办单位", "Run by"),
    "error_report": ("我为政府网站找错", "Report an error on this government site"),
    "conac": ("党政机关", "Government body"),
    "site_map": ("网站地图", "Site map"),
    "site_map_intro": ("本站的全部栏目和页面。", "Every section and page of this site."),
    "privacy": ("隐私声明", "Privacy"),
    "privacy_text": ("本站为静态网站，不设用户注册，不使用 Cookie，不收集访问者的个人信息，也不加载任何第三方的字体、统计或广告代码。站内搜索在您的浏览器中完成，搜索词不会发送到任何服务器。本站公开的责任督学姓名、照片和工作电话，依据责任督学挂牌督导制度公开；不公开的信息不会出现在本站。拨打电话、发送邮件或在线留言时，您提供的信息由{authority}依法处理。",
                     "This is a static site: no accounts, no cookies, no personal data collected, and no third-party fonts, analytics or advertising. Search runs in your browser; your words are sent nowhere. Supervisors' names, photos and work numbers are published as the signposted-supervision rules require. What you give by phone, e-mail or message is handled by {authority} as the law provides."),
    "copyright": ("版权声明", "Copyright"),
    "copyright_text": ("本站内容由{authority}发布。除另有说明外，欢迎转载、引用本站公开的督导报告和数据，请注明来源“{authority}”并保持原意；开放数据的使用许可见“开放数据”页面。",
                       "Published by {authority}. Unless stated otherwise, you may reproduce and quote the reports and data here, crediting {authority} and keeping their meaning; the open data's licence is on the data page."),
    "glossary_intro": ("本站使用的教育督导用语及其含义。", "The words of school supervision used on this site."),
    # raising a concern; what a supervisor checks
    "concern": ("反映问题", "Raise a concern"),
    "concern_intro": ("对本校办学有意见或发现问题，可以通过以下方式反映，督导室会核实处理。",
                      "To raise a concern about this school, use any of these; the office looks into every one."),
    "concern_supervisor": ("本校责任督学 {name}", "The school's supervisor, {name}"),
    "concern_office": ("督导室（督导监督电话）", "The supervision office (hotline)"),
    "concern_write": ("写信给督导室（已填好学校名称）", "Write to the office (the school's name filled in)"),
    "citizen_hotline": ("政务服务便民热线", "Government service hotline"),
    "message_board": ("在线留言", "Message board"),
    "message_scan": ("扫码留言", "Scan to leave a message"),
    "wechat": ("微信公众号", "WeChat account"),
    "checklist": ("经常性督导事项", "What the supervisor checks"),
    "checklist_intro": ("责任督学每月到校督导，主要查看以下事项：", "Each month the supervisor checks:"),
    # open rectifications
    "open_rects": ("未完成的整改", "Open rectifications"),
    "open_rects_intro": ("以下是截至 {date} 尚未核实完成的整改事项。已逾期的排在最前，逾期最久的在先，并标出逾期天数；"
                         "其余按整改期限从近到远排列。",
                         "Rectifications not verified done on {date}. Overdue ones come first, the longest overdue "
                         "first, with the days overdue; the others by deadline, the nearest first."),
    "open_rects_scope_zone": ("本责任区学校的整改事项。", "The zone's schools."),
    "open_rects_scope_supervisor": ("{name}任责任督学的学校的整改事项。", "The schools whose responsible supervisor is {name}."),
    "open_rects_summary": ("共 {n} 项，其中已逾期 {overdue} 项。", "{n} in all, {overdue} overdue."),
    "open_rects_none": ("没有未完成的整改事项。", "No open rectifications."),
    "open_rects_page": ("本页为第 {number} 页，共 {count} 页，每页 {size} 项。", "Page {number} of {count}, {size} to a page."),
    "pages": ("分页", "Pages"),
    "page_n": ("第 {n} 页", "page {n}"),
    "open_rects_by_zone": ("各责任区", "By zone"),
    "open_rects_count": ("未完成", "Open"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "days_n": ("{n} 天", "{n} days"),
    "checklist_item": ("督导事项", "Checklist item"),
    "followup": ("回头看", "Follow-up visit"),
    "verified_here": ("本次回头看核实的整改事项", "Rectifications verified at this follow-up visit"),
    "rect_files": ("整改材料", "Documents"),
    # the year's numbers
    "annual": ("年度统计", "Year by year"),
    "annual_school_year": ("{start}—{end}学年督导工作统计", "Supervision in the school year {start}–{end}"),
    "annual_year": ("{year}年督导工作统计", "Supervision in {year}"),
    "annual_intro": ("以下数字由网站上公开的督导报告和通报自动统计，可直接用于年度工作总结。学年自9月1日至次年8月31日。",
                     "These figures are computed from the published reports and bulletins. A school year runs from 1 September to 31 August."),
    "annual_period": ("统计期间", "Period"),
    "annual_partial": ("{start}至{until}（本期尚未结束）", "{start} to {until} (not over yet)"),
    "annual_whole": ("{start}至{until}", "{start} to {until}"),
    "annual_school_years": ("按学年", "By school year"),
    "annual_years": ("按年度", "By calendar year"),
    "annual_visits": ("经常性督导到校次数", "Regular visits"),
    "annual_target": ("一月一督导应到校次数", "Visits required (one a month)"),
    "annual_target_note": ("{schools} 所学校 × {months} 个完整月份 × 每月 {n} 次", "{schools} schools × {months} complete months × {n} a month"),
    "annual_coverage": ("按月到校达标率", "School-months with the visits required"),
    "annual_reports": ("督导报告", "Reports"),
    "annual_reports_total": ("督导报告合计", "Reports in all"),
    "annual_comprehensive": ("综合督导覆盖学校", "Schools under a comprehensive review"),
    "annual_problems": ("发现问题（整改事项）", "Problems found (rectifications)"),
    "annual_rectified": ("已整改", "Rectified"),
    "annual_rate": ("整改率", "Rectification rate"),
    "annual_overdue": ("已逾期未整改", "Overdue"),
    "annual_median_days": ("整改用时中位数（天）", "Median days to close"),
    "annual_bulletins": ("发布通报公报", "Bulletins published"),
    "annual_none": ("暂无公开的督导报告。", "No published reports yet."),
    "annual_more": ("历年统计", "Every year"),
}

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    # The open data's column types, as the data page names them (the schemas keep the codes).
    "data_type": {
        "string": ("文本", "text"), "string?": ("文本，可为空", "text, may be empty"),
        "integer": ("整数", "whole number"), "integer?": ("整数，可为空", "whole number, may be empty"),
        "number": ("数字", "number"), "number?": ("数字，可为空", "number, may be empty"),
        "date": ("日期", "date"), "date?": ("日期，可为空", "date, may be empty"),
        "boolean": ("是或否（true / false）", "yes or no (true / false)"), "list": ("列表", "list"),
    },
    "school_type": {
        "kindergarten": ("幼儿园", "Kindergarten"), "primary": ("小学", "Primary school"),
        "junior": ("初级中学", "Junior secondary"), "senior": ("高级中学", "Senior secondary"),
        "nine_year": ("九年一贯制学校", "Nine-year school"), "twelve_year": ("十二年一贯制学校", "Twelve-year school"),
        "complete_secondary": ("完全中学", "Complete secondary"), "special": ("特殊教育学校", "Special education"),
        "vocational": ("中等职业学校", "Vocational school"), "other": ("其他", "Other"),
    },
    "report_kind": {
        "regular": ("经常性督导", "Regular"), "special": ("专项督导", "Special"),
        "comprehensive": ("综合督导", "Comprehensive"), "joint": ("联合视导", "Joint visit"),
        "random": ("随机督查", "Random check"), "annual": ("年度报告", "Annual report"),
        "research": ("调研报告", "Research report"),
    },
    "bulletin_kind": {
        "bulletin": ("督导公报", "Bulletin"), "notice": ("通报", "Notice"),
        "newsletter": ("督导信息", "Newsletter"), "plan": ("工作计划", "Work plan"),
        "summary": ("工作总结", "Summary"),
    },
    "rect_status": {
        "open": ("未整改", "Open"), "in_progress": ("整改中", "In progress"), "done": ("已整改", "Done"),
    },
}

MKDOCS_LANGUAGE = {"zh-Hans": "zh", "zh-Hant": "zh-Hant", "en": "en"}


class Words:
    """The words of one language, for templates: `t('key', n=3)` and `label('report_kind', 'regular')`."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, key: str, **args) -> str:
        if not args:
            return _word(key, self.lang)
        # Our own words are trusted markup; arguments are escaped like every record text in a
        # page (`escaping.text`) unless they are markup already (a link built by a template).
        return Markup(_word(key, self.lang)).format(**{name: text(value) for name, value in args.items()})

    def label(self, group: str, value: str) -> str:
        zh, en = LABELS[group][value]
        return pick(zh, en, self.lang)

    def month(self, year: int, month: int) -> str:
        """A month as every page writes it: 2025年11月."""
        return f"{year}-{month:02d}" if self.lang == "en" else f"{year}年{month}月"

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return ""
        if self.lang == "en":
            return value.isoformat()
        return f"{value.year}年{value.month}月{value.day}日"


@lru_cache(maxsize=None)
def _word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return pick(zh, en, lang)


def forget() -> None:
    """Forget the words looked up (a kind taken away takes its words: `kinds.unregister`)."""
    _word.cache_clear()
