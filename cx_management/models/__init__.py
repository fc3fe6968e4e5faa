from . import cx_journey_stage
from . import cx_process
from . import cx_contact_role
from . import cx_topic
from . import cx_value_element
from . import cx_feedback
from . import res_partner
from . import crm_lead
