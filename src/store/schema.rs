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

diesel::joinable!(auth_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(users, auth_sessions, throttle_events, audit_log);
