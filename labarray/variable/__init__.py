"""labarray.variable"""
