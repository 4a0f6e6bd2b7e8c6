"""The course provider's window on referrals (definer functions): only with the person's consent, only its courses."""

from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.referral_flow import REASON_REQUIRED, TRANSITIONS
from kim_desktop.domain.seats import ACTIVE_STATES

R = ReferralState
# What a provider confirms about a referral to one of its courses.
PROVIDER_CONFIRMS = frozenset({R.REGISTERED, R.STARTED, R.NO_SHOW, R.DROPPED_OUT})
# The moves a provider may make: the domain's allowed transitions into what it confirms.
PROVIDER_MOVES = tuple(
    sorted(
        (old.value, new.value) for old, targets in TRANSITIONS.items() for new in targets if new in PROVIDER_CONFIRMS
    )
)
PROVIDER_FUNCTIONS = (
    "kim_provider_referrals(date)",
    "kim_provider_confirm(integer, text, date, text)",
    "kim_cancel_course_referrals(integer, text)",
)
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"

# A referral the calling partner may see as provider: to its own course, and the person's consent for the
# registration with this provider, naming identity data, is in force on the day (domain/consent_scope.shortfall).
_VISIBLE = f"""
  c.provider_id = public.kim_current_partner()
  AND EXISTS (
    SELECT 1 FROM public.consents k
    JOIN public.consent_recipients kr ON kr.consent_id = k.id AND kr.organisation_id = c.provider_id
    JOIN public.consent_data kd ON kd.consent_id = k.id AND kd.category = '{DataCategory.IDENTITY.value}'
    WHERE k.person_id = r.person_id AND k.purpose = '{ConsentPurpose.COURSE_REGISTRATION.value}'
      AND k.given_on <= p_today AND (k.revoked_on IS NULL OR k.revoked_on > p_today)
      AND (k.valid_until IS NULL OR k.valid_until >= p_today))"""


def provider_function_sql() -> tuple[str, ...]:
    """The two functions: the provider's list of referrals, and its confirmation of what happened."""
    active = ", ".join(f"'{state.value}'" for state in sorted(ACTIVE_STATES))
    moves = ", ".join(f"('{old}', '{new}')" for old, new in PROVIDER_MOVES)
    reasons = ", ".join(f"'{state.value}'" for state in sorted(REASON_REQUIRED & PROVIDER_CONFIRMS))
    return (
        f"""CREATE OR REPLACE FUNCTION public.kim_provider_referrals(p_today date)
        RETURNS TABLE(referral_id integer, course_id integer, course_title varchar, state varchar,
                      family_name varchar, given_names varchar, birth_date date, referred_at timestamp,
                      hold_until date, registered_on date, started_on date, version integer)
        LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT r.id, c.id, c.title, r.state, p.family_name, p.given_names, p.birth_date, r.created_at,
               r.hold_until, r.registered_on, r.started_on, r.version
        FROM public.referrals r
        JOIN public.courses c ON c.id = r.course_id
        JOIN public.people p ON p.id = r.person_id AND p.partner_id = r.partner_id
        WHERE {_VISIBLE}
        ORDER BY c.start_date, c.id, p.family_name, p.given_names, r.id $$""",
        # One answer for "no such referral" and "not yours to see": nothing to infer from the refusal.
        f"""CREATE OR REPLACE FUNCTION public.kim_provider_confirm(p_referral_id integer, p_to_state text,
                                                                  p_today date, p_reason text)
        RETURNS void LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
        DECLARE
          found_row record;
        BEGIN
          SELECT r.id, r.state, r.hold_until, r.partner_id, c.provider_id INTO found_row
          FROM public.referrals r JOIN public.courses c ON c.id = r.course_id
          WHERE r.id = p_referral_id AND {_VISIBLE}
          FOR UPDATE OF r;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'kim: referral not found' USING ERRCODE = 'no_data_found';
          END IF;
          IF (found_row.state, p_to_state) NOT IN ({moves}) THEN
            RAISE EXCEPTION 'kim: transition refused' USING ERRCODE = 'check_violation';
          END IF;
          IF found_row.state = '{R.RESERVED.value}' AND (found_row.hold_until IS NULL
                                                       OR found_row.hold_until < p_today) THEN
            RAISE EXCEPTION 'kim: hold expired' USING ERRCODE = 'check_violation';
          END IF;
          IF p_to_state IN ({reasons}) AND coalesce(btrim(p_reason), '') = '' THEN
            RAISE EXCEPTION 'kim: reason required' USING ERRCODE = 'check_violation';
          END IF;
          UPDATE public.referrals SET state = p_to_state, updated_at = localtimestamp(0), version = version + 1,
            registered_on = CASE WHEN p_to_state = '{R.REGISTERED.value}' THEN p_today ELSE registered_on END,
            started_on = CASE WHEN p_to_state = '{R.STARTED.value}' THEN p_today ELSE started_on END
          WHERE id = p_referral_id;
          INSERT INTO public.referral_events (referral_id, from_state, to_state, at, by_id, reason, partner_id)
          VALUES (p_referral_id, found_row.state, p_to_state, localtimestamp(0), NULL,
                  left((SELECT o.name FROM public.organisations o WHERE o.id = found_row.provider_id)
                       || ' (' || session_user || ')'
                       || CASE WHEN coalesce(btrim(p_reason), '') = '' THEN '' ELSE ': ' || btrim(p_reason) END, 500),
                  found_row.partner_id);
        END $$""",
        # A provider cancelling its course ends every partner's active referral to it (services/courses.py's rule),
        # each with an event in the referring office's case; nobody else may call it for a course.
        f"""CREATE OR REPLACE FUNCTION public.kim_cancel_course_referrals(p_course_id integer, p_reason text)
        RETURNS integer LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
        DECLARE
          ended integer;
          said text;
        BEGIN
          SELECT o.name || ' (' || session_user || '): ' || left(btrim(p_reason), 400) INTO said
          FROM public.courses c JOIN public.organisations o ON o.id = c.provider_id
          WHERE c.id = p_course_id AND c.provider_id = public.kim_current_partner();
          IF NOT FOUND THEN
            RAISE EXCEPTION 'kim: not your course' USING ERRCODE = 'insufficient_privilege';
          END IF;
          INSERT INTO public.referral_events (referral_id, from_state, to_state, at, by_id, reason, partner_id)
          SELECT r.id, r.state, '{R.CANCELLED.value}', localtimestamp(0), NULL, said, r.partner_id
          FROM public.referrals r WHERE r.course_id = p_course_id AND r.state IN ({active});
          UPDATE public.referrals SET state = '{R.CANCELLED.value}', hold_until = NULL,
            updated_at = localtimestamp(0), version = version + 1
          WHERE course_id = p_course_id AND state IN ({active});
          GET DIAGNOSTICS ended = ROW_COUNT;
          RETURN ended;
        END $$""",
    )
