"""The registry of audit actions: every kind of event the trail can hold, once.

Each action is both what an access handler is asked to allow (`access.decide(actor,
AuditAction.VIEW_ENROLLMENT, enrollment)`) and the name the trail stores. Its label is the
sentence the person reads in "Who has viewed my data", in their language; a test checks
that every label is translated in every interface language. Values are stored in the
database: never rename one, add a new member instead.

Add an action here when a service brings a new kind of change or read; a handler lists
the actions it answers for (`Handler.actions`), and asking a handler for any other action
is a programming error, not a silent "no".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # --- identity: logins and persons ---------------------------------------------------
    LOGIN = "login", _("Logged in with e-ID")
    LOGOUT = "logout", _("Logged out of the service")
    STAFF_LOGIN = "staff_login", _("Logged in as staff")
    CREATE_PERSON = "create_person", _("Created your record to refer you to a care program")
    FIND_PERSON = (
        "find_person",
        _("Looked you up by your identity code to refer you to a care program"),
    )

    # --- a person's own data ------------------------------------------------------------
    VIEW_PERSON = "view_person", _("Viewed your personal details")
    VIEW_RECORD = "view_record", _("Viewed your records")
    VIEW_AUDIT_TRAIL = "view_audit_trail", _("Viewed who has viewed your data")

    # --- questionnaires and symptom assessments -----------------------------------------
    VIEW_QUESTIONNAIRE_RESPONSE = (
        "view_questionnaire_response",
        _("Viewed your questionnaire answers"),
    )
    ANSWER_QUESTIONNAIRE = "answer_questionnaire", _("Saved your questionnaire answers")
    VIEW_ASSESSMENT = "view_assessment", _("Viewed your saved symptom assessment")
    SAVE_ASSESSMENT = "save_assessment", _("Saved a symptom assessment")

    # --- messages -----------------------------------------------------------------------
    VIEW_THREAD = "view_thread", _("Opened your messages")
    LIST_THREADS = "list_threads", _("Saw your message threads in a list")
    SEND_MESSAGE = "send_message", _("Wrote a message to you or your care team")
    START_THREAD = "start_thread", _("Started a message thread")
    VIEW_ATTACHMENT = "view_attachment", _("Opened an attachment in your messages")
    VIEW_INTERNAL_NOTES = "view_internal_notes", _("Read the care team's internal notes")
    WRITE_INTERNAL_NOTE = "write_internal_note", _("Wrote an internal note about your messages")
    MANAGE_THREAD = "manage_thread", _("Handled your message thread")
    ASSIGN_THREAD = "assign_thread", _("Assigned your message thread")
    MARK_THREAD_DONE = "mark_thread_done", _("Marked your message thread as done")
    REOPEN_THREAD = "reopen_thread", _("Reopened your message thread")
    START_CONSULTATION = (
        "start_consultation",
        _("Started a consultation between professionals about you"),
    )
    ADD_MEMBER = "add_member", _("Added a professional to a consultation about you")
    ADD_CONSULTATION_MEMBER = (
        "add_consultation_member",
        _("Added a professional to a consultation about you"),
    )
    LINK_ANONYMOUS_CHAT = "link_anonymous_chat", _("Linked an anonymous chat to your name")
    MESSAGE_CARE_TEAM = "message_care_team", _("Wrote to a care team")

    # --- notifications ------------------------------------------------------------------
    REQUEST_NOTIFICATION_EMAIL = (
        "request_notification_email",
        _("Asked for a notification e-mail address to be confirmed"),
    )
    CONFIRM_NOTIFICATION_EMAIL = (
        "confirm_notification_email",
        _("Confirmed a notification e-mail address"),
    )
    REMOVE_NOTIFICATION_EMAIL = (
        "remove_notification_email",
        _("Removed the notification e-mail address"),
    )
    SUBSCRIBE_PUSH = "subscribe_push", _("Turned on push notifications in a browser")
    UNSUBSCRIBE_PUSH = "unsubscribe_push", _("Turned off push notifications in a browser")

    # --- care paths ---------------------------------------------------------------------
    REFER_TO_PROGRAM = "refer_to_program", _("Invited you to a care program")
    VIEW_INVITATION = "view_invitation", _("Opened an invitation to a care program")
    ACCEPT_INVITATION = "accept_invitation", _("Accepted the invitation to a care program")
    DECLINE_INVITATION = "decline_invitation", _("Declined the invitation to a care program")
    # Kept for events written before accept/decline had their own actions.
    RESPOND_TO_INVITATION = (
        "respond_to_invitation",
        _("Opened or answered an invitation to a care program"),
    )
    JOIN_PROGRAM = "join_program", _("Joined an open care program")
    VIEW_ENROLLMENT = "view_enrollment", _("Viewed your care program")
    TAKE_PART_IN_PROGRAM = "take_part_in_program", _("Worked in your care program")
    MANAGE_ENROLLMENT = "manage_enrollment", _("Managed your care program")
    END_ENROLLMENT = "end_enrollment", _("Ended your care program")
    VIEW_REFERRAL = "view_referral", _("Followed up an invitation to a care program")
    VIEW_ENROLLMENT_TASK = "view_enrollment_task", _("Viewed your care program tasks")
    COMPLETE_TASK = "complete_task", _("Marked a care program task as done")
    COMPLETE_MODULE = "complete_module", _("Marked a care program module as done")
    VIEW_EXERCISE_ANSWER = "view_exercise_answer", _("Viewed your exercise answers")
    ANSWER_EXERCISE = "answer_exercise", _("Saved an exercise answer")
    VIEW_ALERT = "view_alert", _("Viewed an alert about your answers")
    RAISE_ALERT = "raise_alert", _("An alert about your answers was raised for your care team")
    ACKNOWLEDGE_ALERT = "acknowledge_alert", _("Handled an alert about your answers")

    # --- care plans ---------------------------------------------------------------------
    VIEW_CARE_PLAN = "view_care_plan", _("Viewed your care plan")
    LIST_CARE_PLANS = "list_care_plans", _("Saw your care plans in a list")
    CREATE_CARE_PLAN = "create_care_plan", _("Made a care plan for you")
    EDIT_CARE_PLAN = "edit_care_plan", _("Edited your care plan")
    UPDATE_OWN_ACTIVITY = "update_own_activity", _("Updated an activity in your care plan")

    # --- health record (documents, results, vaccinations, medicines from the EHRs) -----
    VIEW_RECORD_DOCUMENT = "view_record_document", _("Viewed documents in your health record")
    VIEW_RECORD_RESULT = "view_record_result", _("Viewed your test results")
    VIEW_RECORD_IMMUNIZATION = "view_record_immunization", _("Viewed your vaccinations")
    VIEW_RECORD_MEDICATION = "view_record_medication", _("Viewed your medicines")
    FILE_RECORD_ITEM = (
        "file_record_item",
        _("Sent an entry to your health record from a health organization's system"),
    )
    UPDATE_RECORD_ITEM = (
        "update_record_item",
        _("Updated an entry of your health record from a health organization's system"),
    )
    WITHHOLD_RECORD_ITEM = (
        "withhold_record_item",
        _("Withheld an entry of your health record from you for now"),
    )
    RELEASE_RECORD_ITEM = (
        "release_record_item",
        _("Released a withheld entry of your health record to you"),
    )
    SET_RECORD_GUARDIAN_VISIBILITY = (
        "set_record_guardian_visibility",
        _("Changed whether your parents see an entry of your health record"),
    )
    REQUEST_PRESCRIPTION_RENEWAL = (
        "request_prescription_renewal",
        _("Asked for a prescription renewal"),
    )
    VIEW_RENEWAL_REQUEST = "view_renewal_request", _("Viewed a prescription renewal request")
    ANSWER_PRESCRIPTION_RENEWAL = (
        "answer_prescription_renewal",
        _("Answered a prescription renewal request"),
    )
    EXPIRE_PRESCRIPTION_RENEWAL = (
        "expire_prescription_renewal",
        _("A prescription renewal request lapsed unanswered"),
    )

    # --- appointments ---------------------------------------------------------------
    VIEW_APPOINTMENT = "view_appointment", _("Viewed your appointment")
    LIST_APPOINTMENTS = "list_appointments", _("Saw your appointments in a list")
    BOOK_APPOINTMENT = "book_appointment", _("Booked an appointment for you")
    REQUEST_APPOINTMENT = "request_appointment", _("Sent a request for an appointment")
    ACCEPT_APPOINTMENT_REQUEST = (
        "accept_appointment_request",
        _("Gave a time for your appointment request"),
    )
    DECLINE_APPOINTMENT_REQUEST = (
        "decline_appointment_request",
        _("Declined your appointment request"),
    )
    CANCEL_APPOINTMENT = "cancel_appointment", _("Cancelled your appointment")
    MOVE_APPOINTMENT = "move_appointment", _("Moved your appointment to another time")
    CHANGE_APPOINTMENT = (
        "change_appointment",
        _("Marked whether you came to your appointment"),
    )
    REMIND_APPOINTMENT = "remind_appointment", _("Sent you a reminder of your appointment")

    # --- acting for someone else (powers of attorney) ----------------------------------
    ACT_FOR = "act_for", _("Started acting on your behalf")
    GRANT_POWER_OF_ATTORNEY = (
        "grant_power_of_attorney",
        _("Gave a power of attorney to act for you"),
    )
    CHANGE_POWER_OF_ATTORNEY = (
        "change_power_of_attorney",
        _("Changed a power of attorney to act for you"),
    )
    END_POWER_OF_ATTORNEY = (
        "end_power_of_attorney",
        _("Ended a power of attorney to act for you"),
    )

    # --- home measurements (monitoring) ------------------------------------------------
    VIEW_MEASUREMENT = "view_measurement", _("Viewed your home measurements")
    RECORD_MEASUREMENT = "record_measurement", _("Saved a home measurement of yours")
    SET_MEASUREMENT_THRESHOLD = (
        "set_measurement_threshold",
        _("Changed the alert limits of your home measurements"),
    )
    PAIR_DEVICE = "pair_device", _("Paired a device to send your home measurements")
    REVOKE_DEVICE = (
        "revoke_device",
        _("Ended a paired device's right to send your home measurements"),
    )

    # --- the organization's own work (no person's data) --------------------------------
    STAFF_MEMBERSHIP_ADD = "staff_membership_add", _("Gave a staff member a role")
    STAFF_MEMBERSHIP_CHANGE = "staff_membership_change", _("Changed a staff member's role")
    STAFF_MEMBERSHIP_REMOVE = "staff_membership_remove", _("Removed a staff member's role")
    CARE_TEAM_MEMBERSHIP_ADD = "care_team_membership_add", _("Added a professional to a care team")
    CARE_TEAM_MEMBERSHIP_REMOVE = (
        "care_team_membership_remove",
        _("Removed a professional from a care team"),
    )
    ARTICLE_SUBMIT_FOR_REVIEW = (
        "houses.article.submit_for_review",
        _("Sent an article to medical review"),
    )
    ARTICLE_APPROVE = "houses.article.approve", _("Approved an article in medical review")
    ARTICLE_REQUEST_CHANGES = (
        "houses.article.request_changes",
        _("Asked for changes to an article in medical review"),
    )
    ARTICLE_REVIEW_OVERDUE = (
        "houses.article.review_overdue",
        _("An article's medical review became overdue"),
    )
    DIRECTORY_IMPORT = "directory.import", _("Imported care providers")
    IMPORT_QUESTIONNAIRE = "import_questionnaire", _("Imported a questionnaire")
    CREATE_QUESTIONNAIRE = "create_questionnaire", _("Created a questionnaire draft")
    EDIT_QUESTIONNAIRE_DRAFT = "edit_questionnaire_draft", _("Edited a questionnaire draft")
    PUBLISH_QUESTIONNAIRE = "publish_questionnaire", _("Published a questionnaire")
    NAVIGATOR_CREATE = "navigator_create", _("Created a symptom navigator")
    NAVIGATOR_VERSION_CREATE = "navigator_version_create", _("Created a symptom navigator version")
    NAVIGATOR_VERSION_CHANGE = "navigator_version_change", _("Changed a symptom navigator version")
    NAVIGATOR_VERSION_PUBLISH = (
        "navigator_version_publish",
        _("Published a symptom navigator version"),
    )
    OPEN_ADMIN_ITEM = (
        "open_admin_item",
        _("Opened an item of an organization in the admin"),
    )
    CREATE_CARE_PROGRAM = "create_care_program", _("Created a care program")
    CHANGE_CARE_PROGRAM = "change_care_program", _("Changed a care program")
    APPROVE_CARE_PROGRAM = (
        "approve_care_program",
        _("Approved and published a care program"),
    )


def label_for(action: str) -> str:
    """The sentence the trail shows for a stored action value."""
    try:
        return str(AuditAction(action).label)
    except ValueError:
        # An event written by a newer version this code does not know yet: show the name.
        return action
