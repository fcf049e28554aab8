"""labarray.coding"""
