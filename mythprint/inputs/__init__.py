"""Reading and checking what a build starts from: the content, its translations, the kits."""
