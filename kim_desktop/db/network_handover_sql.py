"""Handing a person over to another counselling partner: a copy, only what the person's consent names, logged twice."""

from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory

HANDOVER_FUNCTIONS = ("kim_hand_over(integer, integer, date)",)
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
D = DataCategory


def _if(category: DataCategory, column: str, otherwise: str = "NULL") -> str:
    return f"CASE WHEN '{category.value}' = ANY(cats) THEN p.{column} ELSE {otherwise} END"


def handover_function_sql() -> tuple[str, ...]:
    """kim_hand_over(person, to partner, day): the new person's id at the receiving partner."""
    copied = {
        "family_name": "p.family_name",
        "given_names": "p.given_names",
        "search_key": "p.search_key",
        "birth_date": "p.birth_date",
        "birth_place": "p.birth_place",
        "sex": "p.sex",
        "street": _if(D.ADDRESS, "street"),
        "postcode": _if(D.ADDRESS, "postcode"),
        "municipality_id": _if(D.ADDRESS, "municipality_id"),
        "phone": _if(D.CONTACT, "phone"),
        "email": _if(D.CONTACT, "email"),
        "literacy": _if(D.LANGUAGE_LEVEL, "literacy", "'latin'"),
        "german_level": _if(D.LANGUAGE_LEVEL, "german_level", "'none'"),
        "placement_test_date": _if(D.LANGUAGE_LEVEL, "placement_test_date"),
        "placement_test_result": _if(D.LANGUAGE_LEVEL, "placement_test_result"),
        "recommended_course_type": _if(D.LANGUAGE_LEVEL, "recommended_course_type"),
        "recommended_module": _if(D.LANGUAGE_LEVEL, "recommended_module"),
        "nationalities": "''",
        "other_languages": "''",
        "interpreter_needed": "false",
        "fee_exemption": "'none'",
        "travel_subsidy_requested": "false",
        "needs_childcare": "false",
        "travel_public_transport": "true",
        "travel_car": "false",
        "travel_on_foot": "false",
        "first_contact_on": "p_today",
        "created_at": "localtimestamp(0)",
        "updated_at": "localtimestamp(0)",
        "version": "1",
        "partner_id": "p_to",
    }
    columns, values = ", ".join(copied), ", ".join(copied.values())
    return (
        f"""CREATE OR REPLACE FUNCTION public.kim_hand_over(p_person_id integer, p_to integer, p_today date)
        RETURNS integer LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
        DECLARE
          me integer := public.kim_current_partner();
          chosen integer;
          cats text[];
          new_id integer;
          from_name text;
          to_name text;
        BEGIN
          SELECT k.id INTO chosen FROM public.consents k
          JOIN public.consent_recipients kr ON kr.consent_id = k.id AND kr.organisation_id = p_to
          JOIN public.people p ON p.id = k.person_id AND p.partner_id = me
          WHERE k.person_id = p_person_id AND k.partner_id = me AND p_to <> me
            AND k.purpose = '{ConsentPurpose.COUNSELLING_HANDOVER.value}'
            AND k.given_on <= p_today AND (k.revoked_on IS NULL OR k.revoked_on > p_today)
            AND (k.valid_until IS NULL OR k.valid_until >= p_today)
            AND EXISTS (SELECT 1 FROM public.consent_data d WHERE d.consent_id = k.id
                        AND d.category = '{D.IDENTITY.value}')
            AND EXISTS (SELECT 1 FROM public.network_logins l WHERE l.organisation_id = p_to)
          ORDER BY k.given_on DESC, k.id DESC LIMIT 1;
          IF chosen IS NULL THEN
            RAISE EXCEPTION 'kim: no handover consent' USING ERRCODE = 'no_data_found';
          END IF;
          SELECT array_agg(d.category::text ORDER BY d.category) INTO cats
          FROM public.consent_data d WHERE d.consent_id = chosen;
          INSERT INTO public.people ({columns})
          SELECT {values} FROM public.people p WHERE p.id = p_person_id
          RETURNING id INTO new_id;
          IF '{D.COUNSELLING.value}' = ANY(cats) THEN
            INSERT INTO public.counselling_sessions (person_id, advisor_id, held_at, channel, interpreter_language,
                                                     notes, next_steps, created_at, partner_id)
            SELECT new_id, NULL, s.held_at, s.channel, s.interpreter_language, s.notes, s.next_steps,
                   localtimestamp(0), p_to
            FROM public.counselling_sessions s WHERE s.person_id = p_person_id AND s.partner_id = me;
          END IF;
          SELECT name INTO from_name FROM public.organisations WHERE id = me;
          SELECT name INTO to_name FROM public.organisations WHERE id = p_to;
          INSERT INTO public.audit_events (at, advisor_id, actor, action, entity_type, entity_id, person_id, details,
                                           partner_id)
          VALUES (localtimestamp(0), NULL, session_user, 'exported', 'person', p_person_id, p_person_id,
                  json_build_object('handed_over_to', to_name, 'data', cats, 'consent', chosen)::text, me),
                 (localtimestamp(0), NULL, from_name || ' (' || session_user || ')', 'case_created', 'person', new_id,
                  new_id, json_build_object('received_from', from_name, 'data', cats)::text, p_to);
          RETURN new_id;
        END $$""",
    )
