namespace UnityVideo.Core.Training;

/// <summary>What marks a folder as a training run this project wrote.</summary>
public static class RunFolder
{
    /// <summary>True when <paramref name="folder"/> holds a run's configuration, metrics or checkpoints.</summary>
    public static bool IsRun(string folder) =>
        File.Exists(Path.Combine(folder, Trainer.ConfigFile)) || File.Exists(Path.Combine(folder, Trainer.MetricsFile))
        || Directory.Exists(Path.Combine(folder, Trainer.CheckpointFolder));

    /// <summary>
    /// Removes the empty <c>metrics.jsonl</c> a run interrupted before its first step leaves behind (with no
    /// checkpoint), so that a plain rerun starts instead of being told a run exists. Returns true when it did.
    /// </summary>
    public static bool ForgetUnstartedRun(string folder)
    {
        if (!IsUnstarted(folder)) return false;
        File.Delete(Path.Combine(folder, Trainer.MetricsFile));
        return true;
    }

    /// <summary>True when <paramref name="folder"/> holds an empty <c>metrics.jsonl</c> and no checkpoint: a run stopped before its first step.</summary>
    public static bool IsUnstarted(string folder)
    {
        var metrics = new FileInfo(Path.Combine(folder, Trainer.MetricsFile));
        var checkpoints = Path.Combine(folder, Trainer.CheckpointFolder);
        if (!metrics.Exists || metrics.Length > 0) return false;
        return !(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*.safetensors").Any());
    }
}
