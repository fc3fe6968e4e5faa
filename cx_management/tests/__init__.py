from . import test_tools_scores
from . import test_demo_data
