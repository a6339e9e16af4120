namespace UnityVideo.Host.Demo;

/// <summary>One progress line of the demo: the stage it is in and what just happened.</summary>
/// <param name="Stage">data, calibrate, train, eval or report.</param>
/// <param name="Message">Human-readable status.</param>
public sealed record DemoProgress(string Stage, string Message);
