"""Publishing, unpublishing, moving and importing articles keep the search index current:
congtin.news.lifecycle calls congtin.search.indexing (index_articles, unindex) in its written
order of steps, so no receiver here depends on the order apps connect theirs."""
