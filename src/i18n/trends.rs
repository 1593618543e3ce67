//! The texts of the "Trends" page of "All scopes", in English and
//! Simplified Chinese.

use super::Locale;

catalog! { TrendsKey;
    Title { en: "Trends", zh: "趋势" }
    Caption { en: "Failures recorded in the journal, counted by the time they began, cleaned-up ones included. Times are in UTC.", zh: "失败记录中的失败任务，按开始时间统计，包括已清理的。时间为 UTC。" }
    Controls { en: "What the trends count", zh: "趋势的统计范围" }
    Scope { en: "Scope", zh: "范围" }
    ScopeAny { en: "Any scope", zh: "全部范围" }
    Window { en: "Window", zh: "时间窗口" }
    Window24h { en: "Last 24 hours", zh: "最近 24 小时" }
    Window7d { en: "Last 7 days", zh: "最近 7 天" }
    Window30d { en: "Last 30 days", zh: "最近 30 天" }
    Window90d { en: "Last 90 days", zh: "最近 90 天" }
    Bucket { en: "One bar", zh: "每根柱" }
    PerHour { en: "per hour", zh: "每小时" }
    PerDay { en: "per day", zh: "每天" }
    HourLimit { en: "Bars per hour only for windows of up to 14 days.", zh: "仅 14 天以内的时间窗口可按小时显示。" }
    Total { en: "{n} failures began between {from} and {to} (UTC).", zh: "{from} 至 {to}（UTC）之间共开始了 {n} 个失败任务。" }
    Loading { en: "Loading trends…", zh: "正在加载趋势…" }
    LoadFailed { en: "The trends could not be loaded: {reason}", zh: "无法加载趋势：{reason}" }
    Retry { en: "Retry", zh: "重试" }
    Empty { en: "No failure began in this window.", zh: "此时间窗口内没有开始的失败任务。" }
    Malformed { en: "{n} parts of the answer could not be read and are not shown.", zh: "响应中有 {n} 部分无法解析，未显示。" }
    ChartTitle { en: "Failures {per} by failure status", zh: "按失败状态统计的失败任务（{per}）" }
    Legend { en: "Failure statuses", zh: "失败状态" }
    Hint { en: "Select a bar, or one status's part of it, to list those failures; drag across bars for a span. Arrow keys move between bars, Enter lists.", zh: "选择一根柱或其中某个状态的部分，可列出这些失败任务；拖过多根柱可选择一段时间。方向键在柱之间移动，回车列出。" }
    ShowTable { en: "Figures as a table", zh: "以表格显示数据" }
    ColTime { en: "Time (UTC)", zh: "时间（UTC）" }
    ColTotal { en: "Total", zh: "合计" }
    CellPick { en: "List the {n} failures of {time} with status {status}", zh: "列出 {time} 状态为 {status} 的 {n} 个失败任务" }
    RowPick { en: "List the {n} failures of {time}", zh: "列出 {time} 的 {n} 个失败任务" }
    CodesTitle { en: "Top error codes", zh: "最常见的错误码" }
    ColCode { en: "Error code", zh: "错误码" }
    ColMeaning { en: "Meaning", zh: "含义" }
    ColCount { en: "Failures", zh: "失败任务数" }
    NoCode { en: "No error code", zh: "无错误码" }
    CodePick { en: "List the {n} failures with error code {code}", zh: "列出错误码为 {code} 的 {n} 个失败任务" }
    MeaningLoading { en: "Loading the code's meaning…", zh: "正在加载错误码含义…" }
    MeaningUnknown { en: "Not in the console's code table.", zh: "不在控制台的错误码表中。" }
    GroupsTitle { en: "Protection groups with most failures", zh: "失败任务最多的保护组" }
    ColGroup { en: "Protection group ID", zh: "保护组 ID" }
    ColScope { en: "Scope", zh: "范围" }
    GroupPick { en: "List the {n} failures of protection group {group} in {scope}", zh: "列出范围 {scope} 中保护组 {group} 的 {n} 个失败任务" }
    NoneRanked { en: "None in this window.", zh: "此时间窗口内没有。" }
    ClearTitle { en: "Time to clear", zh: "清除耗时" }
    ClearSummary { en: "Of {n} cleared failures, half cleared within {median} and 90% within {p90}.", zh: "在 {n} 个已清除的失败任务中，一半在 {median} 内清除，90% 在 {p90} 内清除。" }
    ClearNone { en: "None of these failures has cleared yet.", zh: "这些失败任务尚未清除。" }
    ClearRule { en: "From first seen to gone, over the failures of the window that are gone.", zh: "从首次发现到消失，统计此时间窗口内已消失的失败任务。" }
    UnitDays { en: "{n} d", zh: "{n} 天" }
    UnitHours { en: "{n} h", zh: "{n} 小时" }
    UnitMinutes { en: "{n} min", zh: "{n} 分钟" }
    UnitSeconds { en: "{n} s", zh: "{n} 秒" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trends_text_has_both_languages_and_the_same_placeholders() {
        TrendsKey::assert_complete();
        TrendsKey::assert_all_chinese();
    }
}
