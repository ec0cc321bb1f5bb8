//! One structured log line per request: method, route pattern, status, duration and a request
//! id (also sent back as `X-Request-Id`, so a person reporting a problem can quote it). Never the
//! path's ids, the query string or anything from the body: health data stays out of the logs.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::Error;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let request_id = format!("{:016x}", rand::random::<u64>());
    let outcome = next.call(req).await;
    let micros = started.elapsed().as_micros();
    match outcome {
        Ok(mut res) => {
            let route = res
                .request()
                .match_pattern()
                .unwrap_or_else(|| "(no route)".to_string());
            let status = res.status().as_u16();
            if status >= 500 {
                tracing::warn!(%method, %route, status, micros, request_id = %request_id, "request");
            } else {
                tracing::info!(%method, %route, status, micros, request_id = %request_id, "request");
            }
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                res.headers_mut()
                    .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
            }
            Ok(res)
        }
        Err(e) => {
            let status = e.as_response_error().status_code().as_u16();
            tracing::warn!(%method, status, micros, request_id = %request_id, "request failed");
            Err(e)
        }
    }
}
