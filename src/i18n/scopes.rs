//! The texts of the scope picker, the "All scopes" list and its drawer,
//! and the scope-health strip, in English and Simplified Chinese.

use super::Locale;

catalog! { ScopeKey;
    PickerLabel { en: "Scope", zh: "范围" }
    AllScopes { en: "All scopes", zh: "全部范围" }
    AllTitle { en: "Failures of all scopes", zh: "所有范围的失败任务" }
    AllCaption { en: "Failures the console's server recorded in every scope, newest first. Select a row to see its history.", zh: "控制台服务器在所有范围中记录的失败任务，按时间倒序。选择一行可查看其历史。" }
    FilterScope { en: "Scope", zh: "范围" }
    FilterScopeAny { en: "Any scope", zh: "全部范围" }
    FilterState { en: "State", zh: "状态" }
    StateOpen { en: "Still failing", zh: "仍然失败" }
    StateCleared { en: "Cleaned up", zh: "已清理" }
    StateAll { en: "All", zh: "全部" }
    FilterGroupId { en: "Protection group ID", zh: "保护组 ID" }
    FilterGroupAny { en: "Any group", zh: "全部保护组" }
    ColScope { en: "Scope", zh: "范围" }
    ColState { en: "State", zh: "状态" }
    RowOpen { en: "still failing", zh: "仍然失败" }
    RowCleared { en: "cleaned up", zh: "已清理" }
    StaleMark { en: "stale", zh: "数据可能过期" }
    Empty { en: "No recorded failures match these filters.", zh: "没有符合筛选条件的失败记录。" }
    LoadFailed { en: "The journal could not be loaded: {reason}", zh: "无法加载失败记录：{reason}" }
    Malformed { en: "{n} entries of the answer could not be read and are not shown.", zh: "响应中有 {n} 条记录无法解析，未显示。" }
    ExportCsv { en: "Export CSV", zh: "导出 CSV" }
    PickedLabel { en: "Also filtered by", zh: "其他筛选条件" }
    PickedCode { en: "Error code {code}", zh: "错误码 {code}" }
    PickedBegan { en: "Began {from} – {before}", zh: "开始于 {from} – {before}" }
    PickedRemove { en: "Remove the filter {what}", zh: "移除筛选条件：{what}" }
    TabsLabel { en: "Pages of all scopes", zh: "全部范围的页面" }
    TabFailures { en: "Failures", zh: "失败任务" }
    TabTrends { en: "Trends", zh: "趋势" }
    TabSilences { en: "Silences", zh: "静默" }
    TabChannels { en: "Alert channels", zh: "告警渠道" }

    HealthTitle { en: "Scope health", zh: "范围状态" }
    HealthOk { en: "polling", zh: "轮询正常" }
    HealthPending { en: "not polled yet", zh: "尚未轮询" }
    HealthBackoff { en: "throttled or failing — backing off", zh: "被限流或出错——退避重试中" }
    HealthRefused { en: "credential refused — not polled until retried", zh: "凭证被拒绝——重试前不再轮询" }
    HealthLastSuccess { en: "last successful poll {ago}", zh: "上次成功轮询：{ago}" }
    HealthNever { en: "no successful poll yet", zh: "尚无成功的轮询" }
    HealthNextPoll { en: "next poll {when}", zh: "下次轮询：{when}" }
    HealthNextTry { en: "next try {when}", zh: "下次重试：{when}" }
    HealthOpenFailures { en: "{n} still failing", zh: "{n} 个仍然失败" }
    HealthError { en: "Error: {error}", zh: "错误：{error}" }
    HealthLoadFailed { en: "Scope health could not be refreshed ({reason}); every scope is shown as of the last answer.", zh: "无法刷新范围状态（{reason}）；各范围显示的是上次获取的状态。" }
    HealthNone { en: "The server reports no scopes.", zh: "服务器未报告任何范围。" }
    Overdue { en: "overdue", zh: "已逾期" }
    Now { en: "now", zh: "现在" }
    InSeconds { en: "in {n} s", zh: "{n} 秒后" }
    InMinutes { en: "in {n} min", zh: "{n} 分钟后" }
    InHours { en: "in {n} h", zh: "{n} 小时后" }
    Retry { en: "Retry", zh: "重试" }
    RetryLabel { en: "Retry polling {scope}", zh: "重试轮询 {scope}" }
    Retrying { en: "Retrying…", zh: "正在重试…" }
    RetryDone { en: "{scope} will be polled again.", zh: "{scope} 将重新轮询。" }
    ScopeNotConfigured { en: "{scope} is no longer a scope of this server; delete it where it lives.", zh: "{scope} 已不是此服务器的范围；请在其所在位置删除。" }
    RetryFailed { en: "{scope} could not be retried: {reason}", zh: "无法重试 {scope}：{reason}" }
    ViewerMayNotRetry { en: "Your role (viewer) may not retry scopes", zh: "您的角色（只读用户）无权重试范围" }

    SectionHistory { en: "History", zh: "历史" }
    SectionWhere { en: "Where", zh: "位置" }
    FieldScope { en: "Scope", zh: "范围" }
    FieldRegion { en: "Region", zh: "区域" }
    FieldProject { en: "Project", zh: "项目" }
    FieldListedUnder { en: "Listed under", zh: "所属" }
    GroupLevel { en: "protection-group level", zh: "保护组级别" }
    FirstSeen { en: "First seen", zh: "首次发现" }
    LastSeen { en: "Last seen", zh: "最后发现" }
    GoneSince { en: "Gone since", zh: "消失时间" }
    HowItWent { en: "How it went", zh: "处理结果" }
    NotYet { en: "not yet", zh: "尚未" }
    FateOpen { en: "Still failing at the last poll", zh: "上次轮询时仍然失败" }
    FateConsole { en: "Deleted through this console by {user} (audit record {id})", zh: "由 {user} 通过本控制台删除（审计记录 {id}）" }
    FateConsoleNoUser { en: "Deleted through this console (audit record {id})", zh: "通过本控制台删除（审计记录 {id}）" }
    FateOutside { en: "Cleared outside this console", zh: "在本控制台之外清理" }
    AlreadyGone { en: "Already gone upstream: there is nothing to delete.", zh: "上游已不存在：无需删除。" }
    SectionAck { en: "Acknowledgement", zh: "确认" }
    AckedBy { en: "Acknowledged by {user} · {when}", zh: "由 {user} 确认 · {when}" }
    NotAcked { en: "Not acknowledged yet", zh: "尚未确认" }
    AckComment { en: "Comment (who handles it, why it can wait)", zh: "备注（由谁处理、为何可以稍后处理）" }
    AckButton { en: "Acknowledge", zh: "确认" }
    Acking { en: "Acknowledging…", zh: "正在确认…" }
    AckDone { en: "Acknowledged.", zh: "已确认。" }
    AckDoneMany { en: "{n} failures acknowledged.", zh: "已确认 {n} 个失败任务。" }
    AckWithdraw { en: "Withdraw acknowledgement", zh: "撤销确认" }
    AckWithdrawing { en: "Withdrawing…", zh: "正在撤销…" }
    AckWithdrawn { en: "Acknowledgement withdrawn: the failure is reminded of again.", zh: "已撤销确认：将再次提醒此失败任务。" }
    AckWithdrawFailed { en: "Could not withdraw the acknowledgement: {reason}", zh: "无法撤销确认：{reason}" }
    SelectRow { en: "Select {name}", zh: "选择 {name}" }
    SelectPage { en: "Select every failure on this page", zh: "选择本页全部失败任务" }
    SelectedCount { en: "{n} selected", zh: "已选择 {n} 个" }
    AckSelected { en: "Acknowledge selected", zh: "确认所选" }
    ClearSelection { en: "Clear selection", zh: "清除选择" }
    BulkAckLabel { en: "Acknowledge the selected failures", zh: "确认所选失败任务" }
    AckNeedsComment { en: "Write a comment first: it tells the team why.", zh: "请先填写备注，告诉团队原因。" }
    AckFailed { en: "Could not acknowledge: {reason}", zh: "无法确认：{reason}" }
    ViewerMayNotAck { en: "Your role (viewer) may not acknowledge failures", zh: "您的角色（只读用户）无权确认失败任务" }
    RowAcked { en: "acknowledged", zh: "已确认" }
    ConfirmDeleteBody { en: "The failed-task record of {name} (job {id}) will be deleted in scope {scope}, with that scope's credential. The resource itself is not changed. This cannot be undone.", zh: "将使用范围 {scope} 的凭证，在该范围中删除 {name}（任务 {id}）的失败任务记录。资源本身不受影响。此操作无法撤销。" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_text_has_both_languages_and_the_same_placeholders() {
        ScopeKey::assert_complete();
    }
}
