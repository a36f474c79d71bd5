"""Company history from XBRL companyfacts (data.sec.gov): the pure reducer (`reduce`), the
cross-check of extracted figures against it (`crosscheck`), fetching and caching
(`source`) and the running accuracy report (`accuracy`)."""
