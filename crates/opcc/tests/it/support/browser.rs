//! A browser-like client: keeps cookies, follows no redirects, and sends the CSRF token of
//! the last page as a form would.

use opcc_domain::security::totp;
use std::collections::HashMap;

use super::unix_now;

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.header("location")
    }
}

/// Keeps cookies by name, follows no redirects, and knows the CSRF token of the last page.
pub struct Browser {
    client: reqwest::Client,
    base: String,
    cookies: HashMap<String, String>,
    csrf: Option<String>,
}

/// The value of the first `name="csrf_token"` hidden field on a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    let end = html[at..].find('"')?;
    Some(html[at..at + end].to_string())
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.to_string(),
            cookies: HashMap::new(),
            csrf: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Resp {
        let req = if self.cookies.is_empty() {
            req
        } else {
            req.header("cookie", self.cookie_header())
        };
        let res = req.send().await.expect("request");
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if name.ends_with("opcc_session") {
                // A new or ended session has a new CSRF token.
                self.csrf = None;
            }
            if value.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap_or_default();
        if let Some(t) = csrf_in(&body) {
            self.csrf = Some(t);
        }
        Resp {
            status,
            headers,
            body,
        }
    }

    pub fn clone_cookies(&self) -> HashMap<String, String> {
        self.cookies.clone()
    }

    pub fn set_cookies(&mut self, cookies: HashMap<String, String>) {
        self.cookies = cookies;
        self.csrf = None;
    }

    pub fn has_cookie(&self, suffix: &str) -> bool {
        self.cookies.keys().any(|k| k.ends_with(suffix))
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    /// A download's status and bytes, with this browser's cookies.
    pub async fn get_bytes(&mut self, path: &str) -> (u16, Vec<u8>) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if !self.cookies.is_empty() {
            req = req.header("cookie", self.cookie_header());
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.bytes().await.unwrap_or_default().to_vec())
    }

    /// Fetches a page holding a form first if no token is known yet.
    pub async fn csrf(&mut self) -> String {
        if self.csrf.is_none() {
            let page = if self.cookies.keys().any(|k| k.ends_with("opcc_session")) {
                "/account"
            } else {
                "/login"
            };
            self.get(page).await;
        }
        self.csrf
            .clone()
            .expect("a page with a form gave a CSRF token")
    }

    /// Posts a form as the page would, with its CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, &[]).await
    }

    /// Uploads a file as the performance page's form does (the token its first field) and,
    /// as a browser does, follows a redirect to the page it leads to.
    pub async fn upload(&mut self, path: &str, filename: &str, bytes: Vec<u8>) -> Resp {
        self.upload_with(path, &[], filename, bytes).await
    }

    /// Uploads a file with other fields of the form beside it, following a redirect.
    pub async fn upload_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        filename: &str,
        bytes: Vec<u8>,
    ) -> Resp {
        let res = self.upload_raw(path, fields, filename, bytes).await;
        if res.status == 303 {
            let to = res.location().to_string();
            return self.get(&to).await;
        }
        res
    }

    /// Uploads a file as the form does; the response as it comes, redirect included.
    pub async fn upload_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        filename: &str,
        bytes: Vec<u8>,
    ) -> Resp {
        let token = self.csrf().await;
        let part = reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string());
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let form = form.part("file", part);
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form);
        self.send(req).await
    }

    /// Posts exactly these fields and headers: no token is added.
    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Resp {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }

    /// Both steps of signing in. The code is the next step's, which is within the allowed skew
    /// and later than the one enrolment used.
    pub async fn sign_in_with_code(&mut self, email: &str, password: &str, secret: &[u8]) -> Resp {
        let res = self.sign_in(email, password).await;
        assert_eq!(res.status, 303, "password step: {}", res.body);
        assert_eq!(res.location(), "/login/code");
        let code = totp::code_for_step(secret, totp::step_at(unix_now()) + 1);
        self.post("/login/code", &[("code", &code)]).await
    }
}
