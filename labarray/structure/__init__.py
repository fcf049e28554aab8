"""labarray.structure"""
