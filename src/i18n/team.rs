//! The texts of team sign-in, roles and the Audit view, in English and
//! Simplified Chinese: a catalog of its own so that each file stays about
//! one thing.

use super::Locale;

catalog! {
    TeamKey;
    SignInTitle { en: "Sign in to the console", zh: "登录控制台" }
    SignInBody { en: "This console is shared by a team. Sign in to see the failed tasks; what you may do depends on your role.", zh: "此控制台由团队共享。请登录以查看失败任务；可执行的操作取决于您的角色。" }
    UserLabel { en: "User name", zh: "用户名" }
    PasswordLabel { en: "Password", zh: "密码" }
    Submit { en: "Sign in", zh: "登录" }
    SigningIn { en: "Signing in…", zh: "正在登录…" }
    Or { en: "or", zh: "或" }
    MissingFields { en: "Enter your user name and password.", zh: "请输入用户名和密码。" }
    WrongPassword { en: "The user name or the password is wrong.", zh: "用户名或密码错误。" }
    RateLimited { en: "Too many failed sign-ins. Try again in {n} s.", zh: "登录失败次数过多。请在 {n} 秒后重试。" }
    RateLimitedNoWait { en: "Too many failed sign-ins. Wait a moment, then try again.", zh: "登录失败次数过多。请稍候再试。" }
    Unreachable { en: "The console's server could not be reached. Check the network, then try again.", zh: "无法连接控制台服务器。请检查网络后重试。" }
    Failed { en: "Sign-in failed: {reason}", zh: "登录失败：{reason}" }
    ProxyOnly { en: "Sign-in is done by the sign-in proxy in front of this console. Open the console through your organisation's address; if you have just signed in there, reload this page.", zh: "此控制台由前置的登录代理负责登录。请通过贵组织的地址打开控制台；如刚在该处登录，请刷新本页。" }
    ProxyAlso { en: "If your organisation signs you in through its proxy, open the console through that address instead.", zh: "如贵组织通过代理登录，请改用该地址打开控制台。" }
    NoMethod { en: "The server asks for sign-in but offers no way to sign in here. Ask the console's administrator.", zh: "服务器要求登录，但未提供可用的登录方式。请联系控制台管理员。" }
    ProviderFailed { en: "Sign-in with the provider did not complete ({code}). Try again.", zh: "通过身份提供方登录未完成（{code}）。请重试。" }
    SessionEnded { en: "Your session has ended. Sign in again; your filters are kept.", zh: "您的会话已结束。请重新登录；筛选条件会保留。" }
    CheckFailed { en: "Your sign-in could not be checked: {reason}", zh: "无法检查登录状态：{reason}" }
    SignedInAs { en: "Signed in as {user}", zh: "已登录：{user}" }
    RoleLabel { en: "Role: {role}", zh: "角色：{role}" }
    RoleOperator { en: "operator", zh: "操作员" }
    RoleViewer { en: "viewer", zh: "只读用户" }
    SignOut { en: "Sign out", zh: "退出登录" }
    SignOutFailed { en: "Sign-out failed: {reason}", zh: "退出登录失败：{reason}" }
    ViewerMayNotDelete { en: "Your role (viewer) may not delete failed tasks", zh: "您的角色（只读用户）无权删除失败任务" }

    ViewsLabel { en: "Views", zh: "视图" }
    ViewTasks { en: "Failed tasks", zh: "失败任务" }
    ViewAudit { en: "Audit", zh: "审计" }

    AuditTitle { en: "Audit trail", zh: "审计记录" }
    AuditCaption { en: "Every delete and clear, newest first. Expand a row to see the records it removed.", zh: "所有删除与清除操作，按时间倒序。展开一行可查看其删除的记录。" }
    ColTime { en: "Time", zh: "时间" }
    ColUser { en: "User", zh: "用户" }
    ColMethod { en: "Signed in by", zh: "登录方式" }
    ColAction { en: "Action", zh: "操作" }
    ColScope { en: "Scope", zh: "范围" }
    ColOutcome { en: "Outcome", zh: "结果" }
    ColUpstream { en: "Upstream status", zh: "上游状态" }
    ColRequestId { en: "Request ID", zh: "请求 ID" }
    ColRemoved { en: "Removed", zh: "删除数" }
    ActionDelete { en: "Delete one", zh: "删除单个" }
    ActionClearGroup { en: "Clear a group", zh: "清除保护组" }
    ActionClearGroupLevel { en: "Clear group level", zh: "清除保护组级别" }
    ActionAcknowledge { en: "Acknowledge", zh: "确认" }
    ActionWithdrawAck { en: "Withdraw acknowledgement", zh: "撤销确认" }
    ActionAny { en: "Any action", zh: "全部操作" }
    OutcomePending { en: "pending — outcome unknown", zh: "待定——结果未知" }
    OutcomeSucceeded { en: "succeeded", zh: "成功" }
    OutcomeFailed { en: "failed", zh: "失败" }
    ScopeGroupLevel { en: "protection-group level", zh: "保护组级别" }
    ScopeGroup { en: "group {id}", zh: "保护组 {id}" }
    ScopeJob { en: "task {id}", zh: "任务 {id}" }
    MethodLocal { en: "users file", zh: "用户文件" }
    MethodOidc { en: "OpenID Connect", zh: "OpenID Connect" }
    MethodProxy { en: "sign-in proxy", zh: "登录代理" }
    MethodLoopback { en: "loopback", zh: "本机" }
    FilterUser { en: "User", zh: "用户" }
    FilterAction { en: "Action", zh: "操作" }
    FilterFrom { en: "From", zh: "从" }
    FilterTo { en: "To", zh: "到" }
    FilterReset { en: "Reset", zh: "重置" }
    BadTime { en: "Enter a date and time, or leave it empty.", zh: "请输入日期和时间，或留空。" }
    ExportCsv { en: "Export CSV", zh: "导出 CSV" }
    Empty { en: "No deletes or clears are recorded for these filters.", zh: "没有符合筛选条件的删除或清除记录。" }
    LoadFailed { en: "The audit trail could not be loaded: {reason}", zh: "无法加载审计记录：{reason}" }
    ShowRemoved { en: "Details: the records removed {when}", zh: "详情：{when} 删除的记录" }
    RemovedNone { en: "No records were read before this call.", zh: "调用前未读取到任何记录。" }
    Details { en: "Details", zh: "详情" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_team_text_has_both_languages_and_the_same_placeholders() {
        TeamKey::assert_complete();
    }

    #[test]
    fn the_viewer_reason_reads_as_the_server_says_it() {
        // The server's 403 SDRS.0005 message, word for word.
        assert_eq!(
            TeamKey::ViewerMayNotDelete.text(Locale::En),
            "Your role (viewer) may not delete failed tasks"
        );
    }
}
