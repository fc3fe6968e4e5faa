from . import cx_demo
