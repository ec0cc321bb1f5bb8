//! Chart text keeps its size on every screen: where the wide drawing would shrink, the narrow one
//! shows at full size, so no chart is drawn smaller than its viewBox.

use fantoccini::Client;
use tendo::demo::{self, Options, CLINICIAN_EMAIL};

use super::a11y::sign_in;
use super::{arrive, browser_sized, check, driver, journey, script, Steps};
use crate::helpers::spawn_app;

/// The window's width and, for each chart drawing on screen, its CSS px per viewBox unit.
async fn chart_scales(c: &Client) -> Result<(f64, Vec<f64>), String> {
    let v = script(
        c,
        "return [innerWidth, [...document.querySelectorAll('.chart svg')]
            .filter(s => s.getBoundingClientRect().width > 0)
            .map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)];",
    )
    .await?;
    let width = v[0].as_f64().ok_or("no window width")?;
    let scales = v[1]
        .as_array()
        .ok_or("no chart list")?
        .iter()
        .filter_map(|s| s.as_f64())
        .collect();
    Ok((width, scales))
}

#[tokio::test]
async fn chart_text_is_drawn_at_its_own_size_on_a_phone_and_a_desktop() {
    let Some(driver) = driver() else { return };
    let app = spawn_app().await;
    demo::seed(
        &app.store,
        Options {
            runners: 2,
            days: 42,
        },
    )
    .await
    .expect("demo data");
    for (width, height) in [(360u32, 740u32), (1280, 900)] {
        for (email, page) in [
            (demo::runner_email(1), "/progress"),
            (CLINICIAN_EMAIL.to_string(), "/clinic/patients/"),
        ] {
            let client = browser_sized(&driver, true, (width, height)).await;
            let base = app.address.clone();
            let name = format!("chart-text-{width}{}", page.replace('/', "-"));
            journey(&name, client, |c| async move {
                sign_in(&c, &base, &email).await?;
                if page.ends_with('/') {
                    // The first patient's review.
                    c.click("a[href^='/clinic/patients/']").await?;
                    arrive(&c, page).await?;
                } else {
                    c.goto(&format!("{base}{page}"))
                        .await
                        .map_err(|e| e.to_string())?;
                }
                let (seen, scales) = chart_scales(&c).await?;
                check(seen == f64::from(width), &format!("window {seen} px wide"))?;
                check(
                    scales.len() >= 4,
                    &format!("the charts are shown: {scales:?}"),
                )?;
                check(
                    scales.iter().all(|s| (0.99..=1.001).contains(s)),
                    &format!("{page}: every chart at its own size (14 px text): {scales:?}"),
                )
            })
            .await;
        }
    }
}
