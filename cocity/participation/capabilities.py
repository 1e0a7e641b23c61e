from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    """What someone may do. An enum, so that a typo fails loudly instead of silently denying."""

    # Anyone, on published content
    VIEW = "view"
    # Residents, while the phase's method grants it and the phase is open
    PROPOSE = "propose"
    COMMENT = "comment"
    REACT = "react"
    VOTE = "vote"  # cast or change a ballot (voting and budgeting methods)
    # Residents, any time on published content
    FOLLOW = "follow"
    REGISTER = "register"  # take a place at an event (or join its waiting list)
    # Authors of their own content
    EDIT = "edit"
    WITHDRAW = "withdraw"
    DELETE = "delete"
    # Staff
    MANAGE = "manage"  # edit a project, its phases and topics
    ANSWER = "answer"  # set an idea's status and the official answer
    POST_OFFICIAL = "post_official"  # post the city's own proposals
    MODERATE = "moderate"  # remove others' comments, hide ideas; act on a moderation case
    REPORT = "report"  # residents report an idea, a comment or a person to moderators
    MODERATE_ACCOUNTS = "moderate_accounts"  # warn, suspend, block, remove accounts; word lists
    SEE_REPORTERS = "see_reporters"  # who reported what: administrators only
    CREATE_PROJECT = "create_project"
    ACCESS_BACKOFFICE = "access_backoffice"
    ADMINISTER = "administer"  # platform settings: idea statuses, who manages which project
    ORGANISE_EVENTS = "organise_events"  # publish city-wide events
    ENTER_OFFLINE = "enter_offline"  # enter ideas and comments collected on paper, run a kiosk
