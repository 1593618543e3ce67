//! The failure timeline above the list: its frame (summary, legend, table
//! alternative, loading state) and its SVG chart.

mod chart;
mod view;

pub(crate) use view::FailureTimeline;
