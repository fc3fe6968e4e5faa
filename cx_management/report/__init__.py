from . import cx_feedback_report_mixin
from . import cx_topic_report
from . import cx_process_report
from . import cx_nps_report
from . import cx_value_report
from . import cx_requirement_aspect_report
from . import report_client_brief
