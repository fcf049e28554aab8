"""labarray.compute"""
