# the SQL constraints, checked before the database
from . import cx_sql_guard

# reference data
from . import cx_journey_stage
from . import cx_process
from . import cx_contact_role
from . import cx_topic
from . import cx_text_model
from . import cx_text_model_line
from . import cx_value_element
from . import cx_churn_band

# feedback and its requests
from . import cx_feedback
from . import cx_feedback_rule
from . import cx_feedback_request
from . import cx_feedback_wave
from . import cx_alert_resolution

# metrics and CSI
from . import cx_metric_block
from . import cx_metric
from . import cx_metric_weight
from . import cx_metric_value
from . import cx_order_fact
from . import cx_csi_snapshot
from . import cx_csi_queue
from . import cx_csi_snapshot_line

# improvement actions
from . import cx_action_stage
from . import cx_action

# maturity
from . import cx_maturity_question
from . import cx_maturity_level
from . import cx_maturity_assessment
from . import cx_maturity_answer

# client requirements
from . import cx_requirement
from . import cx_requirement_mixin

# the dashboard
from . import cx_dashboard
from . import cx_mover

# Odoo models this addon extends
from . import res_partner
from . import res_company
from . import res_config_settings
from . import crm_lead
from . import base_import_import
from . import ir_module_module
from . import mail_activity
from . import digest_digest
from . import survey_survey
from . import survey_question
from . import survey_question_answer
from . import survey_user_input
