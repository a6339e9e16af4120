using UnityVideo.Core.Diffusion;

namespace UnityVideo.Core.Training;

/// <summary>Short stable names of the tasks, as logs, metrics and plots write them.</summary>
public static class TaskNames
{
    /// <summary>"conditional", "estimation" or "joint".</summary>
    public static string Of(DiffusionTask task) => task switch
    {
        DiffusionTask.ConditionalGeneration => "conditional",
        DiffusionTask.Estimation => "estimation",
        DiffusionTask.JointGeneration => "joint",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    /// <summary>All names, in task order.</summary>
    public static IReadOnlyList<string> All { get; } = [Of(DiffusionTask.ConditionalGeneration), Of(DiffusionTask.Estimation), Of(DiffusionTask.JointGeneration)];
}
