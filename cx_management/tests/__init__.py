from . import test_tools_scores
from . import test_reference_data
from . import test_feedback
from . import test_security
from . import test_crm
from . import test_ui
from . import test_translation
from . import test_demo_data
