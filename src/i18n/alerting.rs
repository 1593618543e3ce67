//! The texts of the Silences and Alert channels pages of "All scopes", in
//! English and Simplified Chinese.

use super::Locale;

catalog! { AlertKey;
    SilencesTitle { en: "Silences", zh: "静默" }
    SilencesCaption { en: "While a silence is active, the failures it matches are not announced on any alert channel. They are still recorded and listed.", zh: "静默生效期间，与其匹配的失败任务不会在任何告警渠道上通知，但仍会被记录和列出。" }
    FilterShow { en: "Show", zh: "显示" }
    FilterCurrent { en: "Active and pending", zh: "生效中和待生效" }
    FilterAll { en: "All, expired too", zh: "全部（含已过期）" }
    ColMatchers { en: "Matches", zh: "匹配条件" }
    ColStarts { en: "Starts", zh: "开始" }
    ColEnds { en: "Ends", zh: "结束" }
    ColState { en: "State", zh: "状态" }
    ColCreatedBy { en: "Created by", zh: "创建者" }
    ColComment { en: "Comment", zh: "备注" }
    ColActions { en: "Actions", zh: "操作" }
    MatchScope { en: "scope", zh: "范围" }
    MatchStatus { en: "failure status", zh: "失败状态" }
    MatchCode { en: "error code", zh: "错误码" }
    MatchResource { en: "resource name contains", zh: "资源名称包含" }
    StatePending { en: "pending", zh: "待生效" }
    StateActive { en: "active", zh: "生效中" }
    StateExpired { en: "expired", zh: "已过期" }
    StateUnknown { en: "unknown", zh: "未知" }
    CreatedAt { en: "{user}, {when}", zh: "{user}，{when}" }
    Expire { en: "Expire", zh: "使其过期" }
    ExpireLabel { en: "Expire silence {id}", zh: "使其过期：静默 {id}" }
    ExpireConfirm { en: "Expire now? Failures it matches are announced again from now on. An expired silence cannot be restarted.", zh: "立即使其过期？从现在起，匹配的失败任务将重新通知。已过期的静默无法恢复。" }
    ExpireYes { en: "Expire now", zh: "立即过期" }
    Cancel { en: "Cancel", zh: "取消" }
    Expiring { en: "Expiring…", zh: "正在使其过期…" }
    ExpireDone { en: "The silence was expired.", zh: "静默已过期。" }
    ExpireFailed { en: "The silence could not be expired: {reason}", zh: "无法使静默过期：{reason}" }
    NewTitle { en: "New silence", zh: "新建静默" }
    NewHint { en: "Every matcher given must match; leave a matcher empty to match anything. At least one is needed.", zh: "所填写的匹配条件必须全部满足；留空表示匹配任意值。至少需要填写一个。" }
    FieldScope { en: "Scope", zh: "范围" }
    AnyScope { en: "Any scope", zh: "全部范围" }
    FieldStatus { en: "Failure status", zh: "失败状态" }
    AnyStatus { en: "Any status", zh: "全部状态" }
    FieldCode { en: "Error code", zh: "错误码" }
    FieldResource { en: "Resource name contains", zh: "资源名称包含" }
    FieldStarts { en: "Starts (empty: now)", zh: "开始（留空：现在）" }
    FieldEnds { en: "Ends", zh: "结束" }
    QuickEnds { en: "End in", zh: "结束于" }
    SpanTwoHours { en: "2 hours", zh: "2 小时后" }
    SpanOneDay { en: "1 day", zh: "1 天后" }
    SpanOneWeek { en: "1 week", zh: "1 周后" }
    FieldComment { en: "Comment (why the failures may go unannounced)", zh: "备注（为何可以不通知这些失败任务）" }
    Create { en: "Create silence", zh: "创建静默" }
    Creating { en: "Creating…", zh: "正在创建…" }
    CreateDone { en: "The silence was created.", zh: "静默已创建。" }
    CreateFailed { en: "The silence was not created: {reason}", zh: "未能创建静默：{reason}" }
    NeedsMatcher { en: "Give at least one matcher: scope, failure status, error code or resource name.", zh: "请至少填写一个匹配条件：范围、失败状态、错误码或资源名称。" }
    NeedsEnd { en: "Choose when the silence ends.", zh: "请选择静默的结束时间。" }
    EndBeforeStart { en: "The end must be after the start.", zh: "结束时间必须晚于开始时间。" }
    EndInPast { en: "The end must be in the future.", zh: "结束时间必须在未来。" }
    TooLong { en: "A silence may last a year at most.", zh: "静默最长持续一年。" }
    NeedsComment { en: "Write a comment: it tells the team why the failures may go unannounced.", zh: "请填写备注，告诉团队为何可以不通知这些失败任务。" }
    CommentTooLong { en: "The comment is limited to 1000 characters.", zh: "备注最多 1000 个字符。" }
    ViewerMayNotSilence { en: "Your role (viewer) may not add or expire silences", zh: "您的角色（只读用户）无权添加或使静默过期" }
    SilencesEmpty { en: "No silences yet.", zh: "暂无静默。" }
    SilencesEmptyCurrent { en: "No silence is active or pending.", zh: "没有生效中或待生效的静默。" }
    SilencesLoadFailed { en: "The silences could not be loaded: {reason}", zh: "无法加载静默：{reason}" }
    SilencesCount { en: "Silences shown: {n}", zh: "显示的静默：{n} 个" }
    Malformed { en: "{n} entries of the answer could not be read and are not shown.", zh: "响应中有 {n} 条记录无法解析，未显示。" }

    ChannelsTitle { en: "Alert channels", zh: "告警渠道" }
    ChannelsCaption { en: "Channels come from the server's configuration file. Their secrets and the keys in their URLs are never shown.", zh: "告警渠道来自服务器的配置文件。其密钥和 URL 中的密钥从不显示。" }
    ChannelsEmpty { en: "No alert channel is configured: add [[alerts.channels]] to the server's configuration file.", zh: "未配置告警渠道：请在服务器的配置文件中添加 [[alerts.channels]]。" }
    ChannelsLoadFailed { en: "The alert channels could not be loaded: {reason}", zh: "无法加载告警渠道：{reason}" }
    ColChannel { en: "Channel", zh: "渠道" }
    ColKind { en: "Kind", zh: "类型" }
    ColTarget { en: "Target", zh: "目标" }
    ColLast { en: "Last delivery", zh: "最近一次投递" }
    ColCounts { en: "Messages", zh: "消息" }
    ChannelIdle { en: "not used yet", zh: "尚未使用" }
    ChannelOk { en: "ok", zh: "正常" }
    ChannelFailing { en: "failing — retrying", zh: "失败——正在重试" }
    ChannelMisconfigured { en: "misconfigured — nothing is sent until a test message goes through", zh: "配置错误——测试消息发送成功前不会发送任何消息" }
    ChannelSince { en: "since {when}", zh: "自 {when}" }
    ChannelCounts { en: "{pending} queued, {sent} sent", zh: "{pending} 条排队中，{sent} 条已发送" }
    RemindsAfter { en: "reminds after {after}", zh: "{after}后提醒" }
    NoDelivery { en: "none yet", zh: "尚无" }
    SendTest { en: "Send test message", zh: "发送测试消息" }
    SendTestLabel { en: "Send test message to {name}", zh: "发送测试消息到 {name}" }
    Sending { en: "Sending…", zh: "正在发送…" }
    TestSent { en: "Test message sent: {outcome}", zh: "测试消息已发送：{outcome}" }
    TestFailed { en: "The test message did not go through: {outcome}", zh: "测试消息未能送达：{outcome}" }
    TestRefused { en: "The test message was not sent: {reason}", zh: "测试消息未发送：{reason}" }
    ViewerMayNotTest { en: "Your role (viewer) may not send test messages", zh: "您的角色（只读用户）无权发送测试消息" }
    LogTitle { en: "Delivery log", zh: "投递记录" }
    LogCaption { en: "Every attempt to deliver a message, newest first.", zh: "每一次投递消息的尝试，按时间倒序。" }
    LogChannel { en: "Channel", zh: "渠道" }
    LogAllChannels { en: "All channels", zh: "全部渠道" }
    ColTime { en: "Time", zh: "时间" }
    ColWhat { en: "What", zh: "内容" }
    ColOutcome { en: "Outcome", zh: "结果" }
    ColAttempt { en: "Attempt", zh: "尝试" }
    PurposeAlert { en: "failure alert", zh: "失败告警" }
    PurposeResend { en: "alert sent again", zh: "重新发送的告警" }
    PurposeTest { en: "test message", zh: "测试消息" }
    OutcomeSent { en: "sent", zh: "已发送" }
    OutcomeRetry { en: "failed, retrying", zh: "失败，正在重试" }
    OutcomeMisconfigured { en: "misconfigured — not retried", zh: "配置错误——不再重试" }
    OutcomeUnreachable { en: "unreachable, retrying", zh: "无法连接，正在重试" }
    OutcomeSuppressed { en: "kept back (silenced or acknowledged)", zh: "已拦截（静默或已确认）" }
    FirstAttempt { en: "first attempt", zh: "首次尝试" }
    RetryAttempt { en: "attempt {n}", zh: "第 {n} 次尝试" }
    LogEmpty { en: "No deliveries yet.", zh: "尚无投递记录。" }
    LogLoadFailed { en: "The delivery log could not be loaded: {reason}", zh: "无法加载投递记录：{reason}" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alerting_text_has_both_languages_and_the_same_placeholders() {
        AlertKey::assert_complete();
    }
}
