//! A browser named as a person recognises it ("Firefox on Android"), from its `User-Agent`. Only
//! a summary for the devices page and the activity trail; nothing depends on it being right.

/// Browser families, most specific first: Edge and Opera also say "Chrome", Chrome also says
/// "Safari".
const BROWSERS: [(&str, &str); 8] = [
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
];

/// Systems, most specific first: Android also says "Linux", iOS also says "Mac OS X".
const SYSTEMS: [(&str, &str); 7] = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
];

/// "Browser on system", or a plain description when the agent is unknown or empty.
pub fn summary(user_agent: &str) -> String {
    let browser = BROWSERS
        .iter()
        .find(|(marker, _)| user_agent.contains(marker))
        .map(|(_, name)| *name)
        .or_else(|| {
            (user_agent.contains("Safari/") && user_agent.contains("Version/")).then_some("Safari")
        });
    let system = SYSTEMS
        .iter()
        .find(|(marker, _)| user_agent.contains(marker))
        .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) if user_agent.trim().is_empty() => "An unnamed browser".to_string(),
        (None, None) => {
            // A tool (curl, a script): its first word, kept short and printable.
            let name: String = user_agent
                .split(['/', ' '])
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
                .take(32)
                .collect();
            if name.is_empty() {
                "An unnamed browser".to_string()
            } else {
                name
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
            ("curl/8.5.0", "curl"),
            ("", "An unnamed browser"),
            ("<script>", "script"),
        ];
        for (agent, want) in cases {
            assert_eq!(summary(agent), want, "{agent}");
        }
    }
}
