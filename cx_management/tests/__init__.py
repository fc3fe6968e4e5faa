from . import test_tools_scores
from . import test_tools_csi
from . import test_csi
from . import test_csi_tour
