//! Table definitions shared by both backends (only column types both understand).

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        units -> Text,
        timezone -> Text,
        gate_threshold -> Integer,
        confirmed_type -> Nullable<Text>,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<BigInt>,
        record_version -> BigInt,
    }
}

diesel::table! {
    auth_sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        flash -> Nullable<Text>,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        user_agent -> Text,
    }
}

diesel::table! {
    throttle_events (id) {
        id -> BigInt,
        scope -> Text,
        subject -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        subject_id -> Nullable<BigInt>,
        detail -> Text,
        ip -> Text,
    }
}

diesel::table! {
    triages (id) {
        id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
        side -> Text,
        location -> Text,
        answers -> Text,
        outcome -> Text,
        self_selected -> Nullable<Text>,
    }
}

diesel::table! {
    training_sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        performed_on -> Date,
        notes -> Text,
        submission_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    session_sets (id) {
        id -> BigInt,
        session_id -> BigInt,
        position -> Integer,
        exercise -> Text,
        side -> Text,
        reps -> Nullable<Integer>,
        hold_seconds -> Nullable<Integer>,
        load_kg -> Nullable<Double>,
        rpe_halves -> Nullable<Integer>,
        pain -> Integer,
    }
}

diesel::table! {
    checkins (id) {
        id -> BigInt,
        user_id -> BigInt,
        checked_on -> Date,
        morning_pain -> Integer,
        stiffness_minutes -> Integer,
        painkillers -> Bool,
        created_at -> Timestamp,
        walked_30_min_pain_free -> Bool,
    }
}

diesel::table! {
    capacity_tests (id) {
        id -> BigInt,
        user_id -> BigInt,
        performed_on -> Date,
        side -> Text,
        pain_free_reps -> Integer,
        notes -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    runs (id) {
        id -> BigInt,
        user_id -> BigInt,
        performed_on -> Date,
        kind -> Text,
        distance_km -> Nullable<Double>,
        pain_during -> Integer,
        notes -> Text,
        created_at -> Timestamp,
        duration_minutes -> Nullable<Integer>,
    }
}

diesel::table! {
    hop_tests (id) {
        id -> BigInt,
        user_id -> BigInt,
        performed_on -> Date,
        side -> Text,
        hops -> Integer,
        pain -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    running_profiles (user_id) {
        user_id -> BigInt,
        pre_injury_weekly_km -> Nullable<Double>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    run_stage_settings (id) {
        id -> BigInt,
        runner_id -> BigInt,
        clinician_id -> Nullable<BigInt>,
        set_on -> Date,
        stage -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    visa_a_results (id) {
        id -> BigInt,
        user_id -> BigInt,
        taken_on -> Date,
        q1 -> Integer,
        q2 -> Integer,
        q3 -> Integer,
        q4 -> Integer,
        q5 -> Integer,
        q6 -> Integer,
        q7 -> Integer,
        q8_pattern -> Text,
        q8_minutes -> Text,
        total -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    share_codes (id) {
        id -> BigInt,
        runner_id -> BigInt,
        code_hash -> Text,
        code -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        used_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    clinician_links (id) {
        id -> BigInt,
        clinician_id -> BigInt,
        runner_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    clinician_notes (id) {
        id -> BigInt,
        runner_id -> BigInt,
        clinician_id -> BigInt,
        body -> Text,
        created_at -> Timestamp,
        shared_with_runner -> Bool,
        dismissed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    form_submissions (id) {
        id -> BigInt,
        user_id -> BigInt,
        submission_id -> Text,
        created_at -> Timestamp,
        answer -> Text,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mfa_challenges (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    known_devices (id) {
        id -> BigInt,
        device_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    clinician_invitations (id) {
        id -> BigInt,
        email -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    training_schedules (user_id) {
        user_id -> BigInt,
        days -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        user_id -> Nullable<BigInt>,
        recipient -> Text,
        kind -> Text,
        payload -> Text,
        dedupe_key -> Nullable<Text>,
        due_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        unsubscribe_hash -> Nullable<Text>,
        finished_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        email -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_preferences (user_id) {
        user_id -> BigInt,
        verified_email -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        remind_checkin -> Bool,
        remind_training -> Bool,
        remind_visa_a -> Bool,
        remind_digest -> Bool,
        remind_at -> Text,
        calendar_token_hash -> Nullable<Text>,
        calendar_created_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(auth_sessions -> users (user_id));
diesel::joinable!(mfa_challenges -> users (user_id));
diesel::joinable!(session_sets -> training_sessions (session_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    auth_sessions,
    throttle_events,
    audit_log,
    triages,
    training_sessions,
    session_sets,
    checkins,
    capacity_tests,
    runs,
    visa_a_results,
    share_codes,
    clinician_links,
    clinician_notes,
    form_submissions,
    hop_tests,
    running_profiles,
    run_stage_settings,
    recovery_codes,
    mfa_challenges,
    known_devices,
    clinician_invitations,
    training_schedules,
    outbox,
    account_tokens,
    mail_preferences,
);
