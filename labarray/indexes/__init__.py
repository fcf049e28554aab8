"""labarray.indexes"""
