from . import cx_requirement
from . import sale_order
from . import res_partner
