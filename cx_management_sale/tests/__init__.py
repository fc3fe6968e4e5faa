from . import test_sale
