//! The failure timeline's texts, in English and Simplified Chinese.

use super::Locale;

catalog! { TimelineKey;
    Title { en: "Failures over time", zh: "失败任务时间分布" }
    Rule { en: "Local time; one bar per hour for a span of up to 3 days, per day beyond.", zh: "本地时间；跨度不超过 3 天时每小时一根柱，超过 3 天时每天一根柱。" }
    PerHour { en: "per hour", zh: "每小时" }
    PerDay { en: "per day", zh: "每天" }
    Summary { en: "{n} failures from {from} to {to}, {per}. Most in {peak} ({peak_n}).", zh: "{from} 至 {to} 共 {n} 个失败任务，{per}统计。最多的是 {peak}（{peak_n} 个）。" }
    SummaryEmpty { en: "No failures with a readable time to draw.", zh: "没有可绘制的带有效时间的失败任务。" }
    Hint { en: "Click a bar to show only its time in the table, drag across bars for a span; arrow keys move, Shift+arrows widen, Enter applies.", zh: "点击柱子，表格仅显示该时间段；拖过多根柱子选择一段时间；方向键移动，Shift+方向键扩展，回车应用。" }
    BarLabel { en: "{time}: {n} failures", zh: "{time}：{n} 个失败任务" }
    Legend { en: "Failure statuses", zh: "失败状态" }
    Hide { en: "Hide timeline", zh: "隐藏时间线" }
    Show { en: "Show timeline", zh: "显示时间线" }
    ShowTable { en: "Show as table", zh: "以表格显示" }
    HideTable { en: "Hide table", zh: "隐藏表格" }
    TableCaption { en: "Failures per {per} by failure status", zh: "按失败状态统计的失败任务（{per}）" }
    ColTime { en: "Time", zh: "时间" }
    ColTotal { en: "Total", zh: "合计" }
    Loading { en: "Loading all pages… {n} failures", zh: "正在加载全部页… {n} 个失败任务" }
    Cancel { en: "Stop loading", zh: "停止加载" }
    Partial { en: "Loading all pages stopped after {n} failures; the bars show this page.", zh: "加载全部页已在 {n} 个失败任务后停止；柱状图显示本页数据。" }
    Failed { en: "Not every page could be loaded ({reason}); the bars show this page.", zh: "未能加载全部页（{reason}）；柱状图显示本页数据。" }
    Reload { en: "Load all pages again", zh: "重新加载全部页" }
    FromPage { en: "From the {n} rows of this page.", zh: "来自本页的 {n} 行。" }
    FromAll { en: "From all {n} failed tasks of these filters.", zh: "来自符合筛选条件的全部 {n} 个失败任务。" }
    Earlier { en: "{n} earlier failures are not drawn.", zh: "另有 {n} 个更早的失败任务未绘制。" }
    Undated { en: "{n} failures have no readable time and are not drawn.", zh: "{n} 个失败任务没有有效时间，未绘制。" }
    Refined { en: "The table shows {time}.", zh: "表格显示 {time}。" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_in_both_languages_with_the_same_placeholders() {
        TimelineKey::assert_complete();
        TimelineKey::assert_all_chinese();
    }
}
