//! Every visible string, in English and Simplified Chinese.
//!
//! A typed catalog instead of `leptos_i18n`: each entry must name both
//! languages or the crate does not compile, lookups index a static table (no maps,
//! no parsing at start-up), and the wasm carries only the strings. Templates
//! use `{name}` placeholders filled by [`fill`].

mod labels;

pub use labels::{job_type_label, label, JobType, Labelled};
use std::borrow::Cow;
pub use team::TeamKey;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    Zh,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Zh];

    /// `zh`, `zh-CN`, `zh-Hans-CN`... are Chinese; anything else English.
    pub fn from_tag(tag: &str) -> Locale {
        let lower = tag.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Locale::Zh
        } else {
            Locale::En
        }
    }

    /// BCP 47 tag for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh-CN",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Zh => "简体中文",
        }
    }
}

/// A catalog: `catalog! { Name; Entry { en: "…", zh: "…" } … }` makes the
/// enum `Name` (`Key` here, `TeamKey` in [`team`], `TimelineKey` in
/// [`timeline`]).
macro_rules! catalog {
    ($name:ident; $($id:ident $(= $wire:literal)? { en: $en:literal, zh: $zh:literal })*) => {
        /// A catalog entry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($id),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$id),*];

            pub fn text(self, locale: Locale) -> &'static str {
                // Two tables indexed by the entry: data, where a `match` over
                // (entry, language) pairs compiled to a jump table of code.
                const EN: &[&str] = &[$($en),*];
                const ZH: &[&str] = &[$($zh),*];
                let table = match locale {
                    Locale::En => EN,
                    Locale::Zh => ZH,
                };
                table[self as usize]
            }

            /// The entry for a model's label key (`failure_status.createFail`).
            pub fn from_label_key(key: &str) -> Option<$name> {
                match key {
                    $($($wire => Some($name::$id),)?)*
                    _ => None,
                }
            }

            /// Panics unless every entry has both languages with the same
            /// placeholders (the catalogs' tests).
            #[cfg(test)]
            pub(crate) fn assert_complete() {
                for key in $name::ALL {
                    let (en, zh) = (key.text(Locale::En), key.text(Locale::Zh));
                    assert!(!en.is_empty() && !zh.is_empty(), "{key:?}");
                    assert_eq!(
                        $crate::i18n::placeholders(en),
                        $crate::i18n::placeholders(zh),
                        "{key:?} placeholders differ"
                    );
                }
            }

            /// Panics unless every entry's Chinese text holds Chinese (for
            /// catalogs without names or symbols kept as they are; not
            /// every catalog is one).
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) fn assert_all_chinese() {
                for key in $name::ALL {
                    let zh = key.text(Locale::Zh);
                    assert!(
                        zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{key:?}: its zh text is not Chinese"
                    );
                }
            }
        }
    };
}

/// The `{name}`s of a text, sorted (a catalog's two languages must have the
/// same).
#[cfg(test)]
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .collect();
    names.sort_unstable();
    names
}

// After the macro: the team catalog uses it.
pub mod team;

catalog! {
    Key;
    StatusCreateFail = "failure_status.createFail" { en: "Create failed", zh: "创建失败" }
    StatusDeleteFail = "failure_status.deleteFail" { en: "Delete failed", zh: "删除失败" }
    StatusAttachFail = "failure_status.attachFail" { en: "Attach failed", zh: "挂载失败" }
    StatusDetachFail = "failure_status.detachFail" { en: "Detach failed", zh: "卸载失败" }
    StatusExpandFail = "failure_status.expandFail" { en: "Expand failed", zh: "扩容失败" }
    StatusResizeFail = "failure_status.resizeFail" { en: "Resize failed", zh: "规格变更失败" }
    StatusStartFail = "failure_status.startFail" { en: "Start failed", zh: "启动失败" }
    StatusStopFail = "failure_status.stopFail" { en: "Stop failed", zh: "停止失败" }
    StatusReverseFail = "failure_status.reverseFail" { en: "Reverse failed", zh: "反向失败" }
    StatusFailoverFail = "failure_status.failoverFail" { en: "Failover failed", zh: "故障切换失败" }
    StatusReprotectFail = "failure_status.reprotectFail" { en: "Re-protect failed", zh: "重保护失败" }

    JobSuccess = "job_status.SUCCESS" { en: "Succeeded", zh: "成功" }
    JobRunning = "job_status.RUNNING" { en: "Running", zh: "运行中" }
    JobFail = "job_status.FAIL" { en: "Failed", zh: "失败" }
    JobInit = "job_status.INIT" { en: "Initializing", zh: "初始化" }

    TypeServerGroups = "resource_type.server_groups" { en: "Protection group", zh: "保护组" }
    TypeProtectedInstances = "resource_type.protected_instances" { en: "Protected instance", zh: "保护实例" }
    TypeReplications = "resource_type.replications" { en: "Replication pair", zh: "复制对" }
    TypeDrills = "resource_type.disaster_recovery_drills" { en: "DR drill", zh: "容灾演练" }

    JobTypeCreateProtectedInstance = "job_type.createProtectedInstance" { en: "Create protected instance", zh: "创建保护实例" }
    JobTypeDeleteProtectedInstance = "job_type.deleteProtectedInstance" { en: "Delete protected instance", zh: "删除保护实例" }
    JobTypeCreateServerGroup = "job_type.createServerGroup" { en: "Create protection group", zh: "创建保护组" }
    JobTypeDeleteServerGroup = "job_type.deleteServerGroup" { en: "Delete protection group", zh: "删除保护组" }
    JobTypeStartServerGroup = "job_type.startServerGroup" { en: "Start protection", zh: "开启保护" }
    JobTypeStopServerGroup = "job_type.stopServerGroup" { en: "Stop protection", zh: "停止保护" }
    JobTypeFailoverServerGroup = "job_type.failoverServerGroup" { en: "Failover", zh: "故障切换" }
    JobTypeReverseServerGroup = "job_type.reverseServerGroup" { en: "Planned failover", zh: "切换" }
    JobTypeReprotectServerGroup = "job_type.reprotectServerGroup" { en: "Re-protect", zh: "重保护" }
    JobTypeCreateReplicationPair = "job_type.createReplicationPair" { en: "Create replication pair", zh: "创建复制对" }
    JobTypeDeleteReplicationPair = "job_type.deleteReplicationPair" { en: "Delete replication pair", zh: "删除复制对" }
    JobTypeAddNic = "job_type.addProtectedInstanceNic" { en: "Add protected instance NIC", zh: "保护实例添加网卡" }
    JobTypeDeleteNic = "job_type.deleteProtectedInstanceNic" { en: "Delete protected instance NIC", zh: "保护实例删除网卡" }
    JobTypeExpandReplicationPair = "job_type.expandReplicationPairNew" { en: "Expand replication pair", zh: "复制对扩容" }
    JobTypeAttachReplicationPair = "job_type.attachReplicationPair" { en: "Attach replication pair", zh: "挂载复制对" }
    JobTypeDetachReplicationPair = "job_type.detachReplicationPair" { en: "Detach replication pair", zh: "卸载复制对" }
    JobTypeResizeProtectedInstance = "job_type.resizeProtectedInstance" { en: "Resize protected instance", zh: "变更保护实例规格" }
    JobTypeCreateDrill = "job_type.createDisasterRecoveryDrill" { en: "Create DR drill", zh: "创建容灾演练" }
    JobTypeDeleteDrill = "job_type.deleteDisasterRecoveryDrill" { en: "Delete DR drill", zh: "删除容灾演练" }

    AppTitle { en: "Failed tasks", zh: "失败任务" }
    ProjectLabel { en: "Project", zh: "项目" }
    LanguageLabel { en: "Language", zh: "语言" }
    Refresh { en: "Refresh", zh: "刷新" }

    FiltersLabel { en: "Filters", zh: "筛选" }
    FilterStatus { en: "Failure status", zh: "失败状态" }
    FilterType { en: "Resource type", zh: "资源类型" }
    FilterGroup { en: "Protection group", zh: "保护组" }
    FilterName { en: "Resource name", zh: "资源名称" }
    FilterAny { en: "Any", zh: "全部" }
    FilterGroupLevel { en: "Protection-group level", zh: "保护组级别" }
    FilterReset { en: "Reset", zh: "重置" }
    FilterNameTooLong { en: "Resource name is limited to 255 characters.", zh: "资源名称最多 255 个字符。" }
    FilterNamePlaceholder { en: "Press / to search", zh: "按 / 搜索" }
    ScopeHintGroupLevel { en: "Without a protection group, only protection-group-level failures are listed. Choose a group to see failures of its protected instances, replication pairs and drills.", zh: "未选择保护组时，仅列出保护组级别的失败任务。选择保护组可查看其保护实例、复制对和演练的失败任务。" }
    ScopeHintInGroup { en: "Failures of {group}: its protected instances, replication pairs and drills.", zh: "{group} 的失败任务：其保护实例、复制对和演练。" }
    GroupsLoadFailed { en: "Protection groups could not be loaded; enter a group ID instead.", zh: "无法加载保护组；请直接输入保护组 ID。" }
    GroupIdPlaceholder { en: "Protection group ID", zh: "保护组 ID" }

    FilterAnyStatus { en: "Any status", zh: "全部状态" }
    FilterSummaryName { en: "Name “{name}”", zh: "名称“{name}”" }
    FilterSheetDone { en: "Done", zh: "完成" }
    TaskCountOne { en: "1 task", zh: "1 个任务" }
    TaskCount { en: "{n} tasks", zh: "{n} 个任务" }
    TaskCountAtLeast { en: "{n}+ tasks", zh: "{n}+ 个任务" }

    ColBeginTime { en: "Began", zh: "开始时间" }
    ColStatus { en: "Status", zh: "状态" }
    ColResource { en: "Resource", zh: "资源" }
    ColJobType { en: "Job type", zh: "任务类型" }
    ColErrorCode { en: "Error code", zh: "错误码" }
    ColReason { en: "Failure reason", zh: "失败原因" }
    ColJobId { en: "Job ID", zh: "任务 ID" }
    TableCaption { en: "Failed tasks, newest first. Select a row to see its details.", zh: "失败任务，按时间倒序。选择一行查看详情。" }
    SortAscending { en: "sorted ascending", zh: "升序" }
    SortDescending { en: "sorted descending", zh: "降序" }
    SortHint { en: "Sorting applies to the rows of this page.", zh: "排序仅作用于本页数据。" }
    Loading { en: "Loading…", zh: "加载中…" }
    RowsLoaded { en: "{n} rows loaded", zh: "已加载 {n} 行" }
    MalformedRows { en: "{n} rows of the response could not be read and are not shown.", zh: "响应中有 {n} 行无法解析，未显示。" }
    EmptyGroupLevel { en: "No protection-group-level failures. Failures of protected instances, replication pairs and drills appear when you choose a group.", zh: "没有保护组级别的失败任务。选择保护组后可查看保护实例、复制对和演练的失败任务。" }
    EmptyInGroup { en: "No failed tasks in {group} match these filters.", zh: "{group} 中没有符合筛选条件的失败任务。" }
    EmptyFiltered { en: "No failed tasks match these filters.", zh: "没有符合筛选条件的失败任务。" }
    UnknownValue { en: "(unknown)", zh: "（未知）" }
    NoValue { en: "—", zh: "—" }

    PaginationLabel { en: "Pagination", zh: "分页" }
    PageFirst { en: "First page", zh: "第一页" }
    PagePrev { en: "Previous page", zh: "上一页" }
    PageNext { en: "Next page", zh: "下一页" }
    PageLast { en: "Last page", zh: "最后一页" }
    PageNumber { en: "Page {n}", zh: "第 {n} 页" }
    PageSize { en: "Rows per page", zh: "每页行数" }
    RowsOfTotal { en: "Rows {from}–{to} of {total}", zh: "第 {from}–{to} 行，共 {total} 行" }
    RowsNoTotal { en: "Rows {from}–{to}", zh: "第 {from}–{to} 行" }
    RowsNone { en: "No rows", zh: "无数据" }

    DrawerClose { en: "Close", zh: "关闭" }
    SectionError { en: "Error", zh: "错误" }
    SectionIds { en: "Identifiers", zh: "标识" }
    SectionDetails { en: "Details", zh: "详情" }
    SectionRaw { en: "Raw JSON", zh: "原始 JSON" }
    WhatToDo { en: "What to do", zh: "处理建议" }
    FromService { en: "from {service}, not SDRS", zh: "来自 {service}，非 SDRS" }
    Copy { en: "Copy", zh: "复制" }
    Copied { en: "Copied", zh: "已复制" }
    CopyLabel { en: "Copy {what}", zh: "复制{what}" }
    FieldJobId { en: "Job ID", zh: "任务 ID" }
    FieldJobType { en: "Job type", zh: "任务类型" }
    FieldJobStatus { en: "Job status", zh: "任务状态" }
    FieldFailureStatus { en: "Failure status", zh: "失败状态" }
    FieldResourceId { en: "Resource ID", zh: "资源 ID" }
    FieldResourceName { en: "Resource name", zh: "资源名称" }
    FieldResourceType { en: "Resource type", zh: "资源类型" }
    FieldBeginTime { en: "Began", zh: "开始时间" }
    FieldErrorCode { en: "Error code", zh: "错误码" }
    FieldFailReason { en: "Failure reason", zh: "失败原因" }

    ErrorTitle { en: "The failed-task list could not be loaded", zh: "无法加载失败任务列表" }
    ErrorStatus { en: "HTTP {status}", zh: "HTTP {status}" }
    ErrorRequestId { en: "Request ID", zh: "请求 ID" }
    ErrorNetwork { en: "The server could not be reached.", zh: "无法连接服务器。" }
    ErrorTimeout { en: "The server did not answer in time.", zh: "服务器响应超时。" }
    ErrorDecode { en: "The server's answer could not be read.", zh: "无法解析服务器的响应。" }
    ErrorStale { en: "The rows below are from the last successful load.", zh: "下方为上次成功加载的数据。" }
    Retry { en: "Retry", zh: "重试" }
    ChunkFailed { en: "This part of the console could not be loaded; the rest keeps working.", zh: "无法加载控制台的这一部分；其余部分仍可使用。" }
    ChunkCodeMissing { en: "its code could not be loaded", zh: "其代码无法加载" }
    CopyDetails { en: "Copy details", zh: "复制详情" }
    Dismiss { en: "Dismiss", zh: "关闭" }

    TokenTitle { en: "Sign-in required", zh: "需要登录" }
    TokenBody { en: "The service refused the request (401). Paste an IAM token to continue; it is kept in this page's memory only.", zh: "服务拒绝了请求（401）。请粘贴 IAM token 以继续；token 仅保存在本页内存中。" }
    TokenLabel { en: "IAM token (X-Auth-Token)", zh: "IAM token（X-Auth-Token）" }
    TokenRemember { en: "Remember for this tab", zh: "在此标签页中记住" }
    TokenSubmit { en: "Use token", zh: "使用 token" }
    TokenEmpty { en: "Enter a token.", zh: "请输入 token。" }
    Cancel { en: "Cancel", zh: "取消" }

    IamOffer { en: "Sign in with IAM user", zh: "使用 IAM 用户登录" }
    IamBody { en: "The password goes only to Huawei Cloud IAM, through this console's server. The token IAM returns is kept in this page's memory until it expires.", zh: "密码仅经由本控制台的服务器发送给华为云 IAM。IAM 返回的 token 仅保存在本页内存中，直至过期。" }
    IamDomainLabel { en: "Account name", zh: "账号名" }
    IamUserLabel { en: "IAM user name", zh: "IAM 用户名" }
    IamPasswordLabel { en: "Password", zh: "密码" }
    IamSubmit { en: "Sign in", zh: "登录" }
    IamSigningIn { en: "Signing in…", zh: "正在登录…" }
    IamMissingFields { en: "Enter the account name, the IAM user name and the password.", zh: "请输入账号名、IAM 用户名和密码。" }
    IamWrongPassword { en: "IAM refused the sign-in. Check the account name, the IAM user name and the password.", zh: "IAM 拒绝了登录。请检查账号名、IAM 用户名和密码。" }
    IamUnreachable { en: "IAM could not be reached: {reason} Check the server's --iam setting and its network.", zh: "无法连接 IAM：{reason} 请检查服务器的 --iam 设置及其网络。" }
    IamFailed { en: "Sign-in failed: {reason}", zh: "登录失败：{reason}" }
    IamSignedInAs { en: "Signed in as {user} ({domain})", zh: "已登录：{user}（{domain}）" }
    IamExpiresAt { en: "Token expires {time}", zh: "token 过期时间：{time}" }
    IamExpiringSoon { en: "Your IAM sign-in expires {time}. Sign in again to keep working.", zh: "您的 IAM 登录将于 {time} 过期。请重新登录以继续使用。" }
    IamExpired { en: "Your IAM sign-in has expired. Sign in again.", zh: "您的 IAM 登录已过期。请重新登录。" }
    IamSignInAgain { en: "Sign in again", zh: "重新登录" }
    IamSignOut { en: "Sign out", zh: "退出登录" }
    DeleteForbidden { en: "Your IAM user may not delete failed tasks", zh: "您的 IAM 用户无权删除失败任务" }

    ProjectTitle { en: "Choose a project", zh: "选择项目" }
    ProjectBody { en: "config.json names no project. Enter the project ID whose failed tasks to show.", zh: "config.json 未指定项目。请输入要查看失败任务的项目 ID。" }
    ProjectIdLabel { en: "Project ID", zh: "项目 ID" }
    ProjectSubmit { en: "Open", zh: "打开" }
    ProjectInvalid { en: "A project ID is 1–64 letters, digits, '-' or '_'.", zh: "项目 ID 为 1–64 个字母、数字、'-' 或 '_'。" }
    ConfigFailed { en: "config.json could not be read: {reason}", zh: "无法读取 config.json：{reason}" }

    RelNow { en: "just now", zh: "刚刚" }
    RelSeconds { en: "{n} s ago", zh: "{n} 秒前" }
    RelMinutes { en: "{n} min ago", zh: "{n} 分钟前" }
    RelHours { en: "{n} h ago", zh: "{n} 小时前" }
    RelDays { en: "{n} d ago", zh: "{n} 天前" }
    RelFuture { en: "in the future", zh: "未来时间" }

    CodeLoading { en: "Loading the explanation of {code}…", zh: "正在加载 {code} 的说明…" }
    CodeCatalogFailed { en: "The explanation of {code} could not be loaded; the raw code and message are shown above. It is tried again next time.", zh: "无法加载 {code} 的说明；上方显示的是原始错误码和信息。下次会再次尝试加载。" }
    CodeNotInTable { en: "{code} is not in the SDRS code table. The raw message above is the service's own account of the failure; if it does not say what to do, open a ticket with the job ID.", zh: "{code} 不在 SDRS 错误码表中。上方的原始信息是服务自己对失败的描述；如其中没有说明如何处理，请提交工单并附上任务 ID。" }
    CodeUnknownService { en: "{code} comes from {service}, a service the console has no code table for. The raw message above is that service's account; check the resource in {service}, then retry the operation in SDRS.", zh: "{code} 来自 {service}，控制台没有该服务的错误码表。上方的原始信息是该服务的描述；请在 {service} 中检查相关资源，然后在 SDRS 中重试该操作。" }

    ColActions { en: "Actions", zh: "操作" }
    DeleteRow { en: "Delete", zh: "删除" }
    DeleteRowLabel { en: "Delete failed task {id}", zh: "删除失败任务 {id}" }
    DeleteTask { en: "Delete failed task", zh: "删除失败任务" }
    ClearGroup { en: "Clear this group's failed tasks", zh: "清除该保护组的失败任务" }
    ClearGroupLevel { en: "Clear group-level failed tasks", zh: "清除保护组级别失败任务" }
    ConfirmDeleteTitle { en: "Delete this failed task?", zh: "删除此失败任务？" }
    ConfirmDeleteBody { en: "The failed-task record of {name} (job {id}) will be deleted. The resource itself is not changed. This cannot be undone.", zh: "将删除 {name}（任务 {id}）的失败任务记录。资源本身不受影响。此操作无法撤销。" }
    ConfirmClearGroupTitle { en: "Clear the failed tasks of {group}?", zh: "清除 {group} 的失败任务？" }
    ConfirmClearGroupBody { en: "{n} failed tasks of protection group {group} will be deleted, whatever the filters. The resources are not changed. This cannot be undone.", zh: "将删除保护组 {group} 的 {n} 个失败任务（不受筛选条件限制）。资源本身不受影响。此操作无法撤销。" }
    ConfirmClearLevelTitle { en: "Clear all protection-group-level failed tasks?", zh: "清除所有保护组级别的失败任务？" }
    ConfirmClearLevelBody { en: "{n} protection-group-level failed tasks of this project will be deleted, whatever the filters. Failures inside groups stay. This cannot be undone.", zh: "将删除本项目 {n} 个保护组级别的失败任务（不受筛选条件限制）。保护组内的失败任务保留。此操作无法撤销。" }
    CountAtLeast { en: "at least {n}", zh: "至少 {n} 个" }
    CountCounting { en: "(counting…)", zh: "（统计中…）" }
    ConfirmDelete { en: "Delete", zh: "删除" }
    Deleting { en: "Deleting…", zh: "正在删除…" }
    DeletedOne { en: "Deleted 1 failed task.", zh: "已删除 1 个失败任务。" }
    ClearedGroup { en: "Cleared the failed tasks of {group}.", zh: "已清除 {group} 的失败任务。" }
    ClearedLevel { en: "Cleared the protection-group-level failed tasks.", zh: "已清除保护组级别的失败任务。" }
    ActionFailed { en: "Nothing was deleted: {reason}", zh: "未删除任何内容：{reason}" }

    SectionJob { en: "Job details", zh: "任务详情" }
    JobLoading { en: "Loading job details…", zh: "正在加载任务详情…" }
    JobLoadFailed { en: "Job details could not be loaded: {reason}", zh: "无法加载任务详情：{reason}" }
    FieldEndTime { en: "Ended", zh: "结束时间" }
    FieldDuration { en: "Took", zh: "耗时" }
    SubJobs { en: "Sub-jobs: {n} ({failed} failed)", zh: "子任务：{n} 个（{failed} 个失败）" }
    Entities { en: "Entities", zh: "关联对象" }

    Export { en: "Export", zh: "导出" }
    ExportCsv { en: "CSV, rows in view", zh: "CSV，当前显示的行" }
    ExportJson { en: "JSON, rows in view", zh: "JSON，当前显示的行" }
    ExportAllCsv { en: "CSV, all pages for these filters", zh: "CSV，符合筛选条件的全部页" }
    ExportProgress { en: "Exporting… {n} rows", zh: "正在导出… {n} 行" }
    ExportCancel { en: "Cancel export", zh: "取消导出" }
    ExportDone { en: "Exported {n} rows.", zh: "已导出 {n} 行。" }
    ExportFailed { en: "Export stopped: {reason}", zh: "导出中止：{reason}" }
    ExportCancelled { en: "Export cancelled.", zh: "已取消导出。" }

    ViewLabel { en: "View", zh: "视图" }
    ViewTable { en: "Table", zh: "表格" }
    ViewByCode { en: "Group by error code", zh: "按错误码分组" }
    GroupScopeLabel { en: "Group", zh: "分组范围" }
    GroupScopePage { en: "This page", zh: "本页" }
    GroupScopeAll { en: "All pages", zh: "全部页" }
    GroupsCaption { en: "Failed tasks grouped by error code, largest group first. Expand a group to see its failures.", zh: "按错误码分组的失败任务，数量多的在前。展开一组可查看其失败任务。" }
    GroupsSummary { en: "{groups} error codes in {n} failed tasks", zh: "{n} 个失败任务，{groups} 种错误码" }
    GroupsEmpty { en: "No failed tasks to group.", zh: "没有可分组的失败任务。" }
    ColCount { en: "Failures", zh: "失败数" }
    ColMeaning { en: "What it means", zh: "含义" }
    ColResources { en: "Resources", zh: "受影响资源" }
    ColSpan { en: "Began between", zh: "开始时间范围" }
    NoCode { en: "No code", zh: "无错误码" }
    MoreResources { en: "and {n} more", zh: "等另外 {n} 个" }
    ShowFailures { en: "Show the {n} failures of {code}", zh: "显示 {code} 的 {n} 个失败任务" }
    DeleteThese { en: "Delete these {n}", zh: "删除这 {n} 个" }
    DeleteTheseLabel { en: "Delete these {n}: the failed tasks of {code}", zh: "删除这 {n} 个：{code} 的失败任务" }
    AllPagesProgress { en: "Fetching all pages… {n} rows", zh: "正在获取全部页… 已获取 {n} 行" }
    AllPagesProgressOf { en: "Fetching all pages… {n} of {total} rows", zh: "正在获取全部页… {n}/{total} 行" }
    AllPagesCancel { en: "Stop fetching", zh: "停止获取" }
    AllPagesCancelled { en: "Fetching all pages was stopped after {n} rows.", zh: "已停止获取全部页（已获取 {n} 行）。" }
    AllPagesFailed { en: "All pages could not be fetched: {reason}", zh: "无法获取全部页：{reason}" }
    AllPagesFetch { en: "Fetch all pages", zh: "获取全部页" }
    AllPagesTruncated { en: "Only the first {n} rows are included.", zh: "仅包含前 {n} 行。" }
    ConfirmDeleteGroupTitle { en: "Delete the failed tasks with code {code}?", zh: "删除错误码为 {code} 的失败任务？" }
    ConfirmDeleteGroupBody { en: "{n} failed-task records with code {code} will be deleted, one by one. The resources themselves are not changed. This cannot be undone.", zh: "将逐个删除 {n} 条错误码为 {code} 的失败任务记录。资源本身不受影响。此操作无法撤销。" }
    ConfirmTakenAlong { en: "The service deletes failed tasks by resource: {n} other failed tasks of these resources, with other codes, are deleted with them.", zh: "服务按资源删除失败任务：这些资源的另外 {n} 个其他错误码的失败任务也会一并删除。" }
    DeleteProgress { en: "Deleted {done} of {n}…", zh: "已删除 {done}/{n} 个…" }
    DeletedGroup { en: "Deleted {n} failed tasks with code {code}.", zh: "已删除 {n} 个错误码为 {code} 的失败任务。" }
    DeleteGroupPartial { en: "Deleted {done} of {n}; {left} not deleted: {reason}", zh: "已删除 {done}/{n} 个；{left} 个未删除：{reason}" }

    AutoRefresh { en: "Auto-refresh", zh: "自动刷新" }
    AutoOff { en: "Off", zh: "关闭" }
    EverySeconds { en: "{n} s", zh: "{n} 秒" }
    EveryMinutes { en: "{n} min", zh: "{n} 分钟" }
    UpdatedAgo { en: "Updated {ago}", zh: "更新于{ago}" }
    AutoPaused { en: "Auto-refresh paused", zh: "自动刷新已暂停" }
    AutoBackoff { en: "Server trouble: next try in {n} s", zh: "服务异常：{n} 秒后重试" }

    SummaryLabel { en: "On this page", zh: "本页统计" }
    MoreActions { en: "Actions", zh: "操作" }
    SummaryFailed { en: "{n} failed", zh: "{n} 个失败" }
    SummaryFilter { en: "Show only {label} ({n})", zh: "仅显示{label}（{n}）" }

    RefineLabel { en: "Refine this page", zh: "在本页中细化" }
    RefineTime { en: "Began", zh: "开始时间" }
    RefineAnyTime { en: "Any time", zh: "任意时间" }
    RefineLastHour { en: "Last hour", zh: "最近 1 小时" }
    RefineLastDay { en: "Last day", zh: "最近 1 天" }
    RefineLastWeek { en: "Last week", zh: "最近 1 周" }
    RefineCustom { en: "Custom range", zh: "自定义范围" }
    RefineFrom { en: "From", zh: "从" }
    RefineTo { en: "To", zh: "到" }
    RefineText { en: "Search this page", zh: "在本页搜索" }
    RefineActive { en: "{shown} of {n} rows of this page match the refinements.", zh: "本页 {n} 行中有 {shown} 行符合细化条件。" }
    RefineClear { en: "Clear refinements", zh: "清除细化条件" }
}

mod alerting;
mod scopes;
mod timeline;
mod trends;
pub use alerting::AlertKey;
pub use scopes::ScopeKey;
pub use timeline::TimelineKey;
pub use trends::TrendsKey;

/// Replaces each `{name}` in `template` by its value.
pub fn fill<'a>(template: &'a str, values: &[(&str, &str)]) -> Cow<'a, str> {
    if !template.contains('{') {
        return Cow::Borrowed(template);
    }
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::{FailureStatus, JobStatus, ResourceKind};

    #[test]
    fn every_model_value_has_a_label_in_each_language() {
        for locale in Locale::ALL {
            for s in FailureStatus::ALL {
                assert!(label(s.label_key(), locale).is_some(), "{s}");
            }
            for s in JobStatus::ALL {
                assert!(label(s.label_key(), locale).is_some(), "{s}");
            }
            for k in ResourceKind::ALL {
                assert!(label(Some(k.label_key()), locale).is_some(), "{k:?}");
            }
        }
    }

    #[test]
    fn no_entry_is_empty_or_untranslated_template() {
        Key::assert_complete();
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::from_tag("zh-CN"), Locale::Zh);
        assert_eq!(Locale::from_tag("zh-Hans"), Locale::Zh);
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
        assert_eq!(Locale::from_tag("fr"), Locale::En);
    }

    #[test]
    fn fill_placeholders() {
        assert_eq!(
            fill("Rows {from}–{to}", &[("from", "1"), ("to", "50")]),
            "Rows 1–50"
        );
        assert_eq!(
            job_type_label("createProtectedInstance", Locale::En),
            Some("Create protected instance")
        );
        assert_eq!(job_type_label("weirdJob", Locale::Zh), None);
    }
}
