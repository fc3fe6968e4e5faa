from . import test_stock
