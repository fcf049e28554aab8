"""labarray.formatting"""
