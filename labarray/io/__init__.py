"""labarray.io"""
