from . import test_tools_scores
from . import test_tools_nps
from . import test_cx_action
from . import test_cx_action_notify
from . import test_cx_action_cron
from . import test_cx_action_portal
from . import test_cx_action_tour
from . import test_cx_action_portal_queries
