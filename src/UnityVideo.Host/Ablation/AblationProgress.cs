namespace UnityVideo.Host.Ablation;

/// <summary>One progress line of an ablation: the stage (data, train, measure, table) and what happened.</summary>
public sealed record AblationProgress(string Stage, string Message);
