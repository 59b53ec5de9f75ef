"""Files of the Solr backend, shipped with the package: the configset ``tracuu solr init`` uploads
(``configset/conf``) and the sources of the loopback cluster's launcher (``launcher``, built by Maven)."""
