"""Files written from the model beside the pages: open data, feeds, sitemap, search index, signs."""
