from . import cx_driver_analysis
from . import cx_workbook
from . import cx_interview
from . import cx_alert_handle
from . import cx_topic_emerging
