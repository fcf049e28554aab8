"""labarray.accessors"""
