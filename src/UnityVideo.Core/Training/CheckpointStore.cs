using System.Globalization;
using System.Text.RegularExpressions;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Training;

/// <summary>
/// The checkpoint folder of a run: <c>step-000020.safetensors</c> files (the name carries the step), the newest
/// readable one to resume from, and pruning to the last K. Files appear only by rename of a flushed temporary
/// file, so a killed writer leaves at most a hidden temporary file, never a partial checkpoint.
/// </summary>
public sealed partial class CheckpointStore
{
    /// <summary>Uses (and creates on first write) <paramref name="directory"/>.</summary>
    public CheckpointStore(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>The file name of the checkpoint after <paramref name="step"/> steps.</summary>
    public static string FileName(int step) => string.Create(CultureInfo.InvariantCulture, $"step-{step:D6}.safetensors");

    /// <summary>Full path of the checkpoint after <paramref name="step"/> steps.</summary>
    public string PathOf(int step) => Path.Combine(Directory, FileName(step));

    /// <summary>Checkpoint files by step, newest first.</summary>
    public IReadOnlyList<(int Step, string Path)> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "step-*.safetensors")
            .Select(p => (Match: StepName().Match(Path.GetFileName(p)), Path: p))
            .Where(x => x.Match.Success)
            .Select(x => (int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Path))
            .OrderByDescending(x => x.Item1)
            .ToList();
    }

    /// <summary>
    /// The newest checkpoint whose header and state read back, or null when there is none. Unreadable ones
    /// are skipped and reported in <paramref name="skipped"/> ("file: problem").
    /// </summary>
    public (int Step, string Path, TrainingState State)? NewestValid(out IReadOnlyList<string> skipped)
    {
        var bad = new List<string>();
        skipped = bad;
        foreach (var (step, path) in List())
        {
            try
            {
                var state = TrainingCheckpoint.ReadState(path);
                if (state.Step != step) throw new SafetensorsFormatException(path, $"records step {state.Step} but its name says {step}");
                return (step, path, state);
            }
            catch (SafetensorsFormatException e)
            {
                bad.Add(e.Message);
            }
            catch (IOException e)
            {
                bad.Add($"{path}: {e.Message}");
            }
        }
        return null;
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> checkpoints; returns the deleted paths.</summary>
    public IReadOnlyList<string> Prune(int keep)
    {
        var old = List().Skip(Math.Max(1, keep)).Select(x => x.Path).ToList();
        foreach (var p in old) File.Delete(p);
        return old;
    }

    /// <summary>
    /// Removes temporary files that a killed writer left (<c>.step-….safetensors.&lt;pid&gt;.….tmp</c>) when their
    /// process is gone; returns how many. Call before this process starts writing checkpoints.
    /// </summary>
    public int RemoveStaleTemporaries()
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        var removed = 0;
        foreach (var p in System.IO.Directory.EnumerateFiles(Directory, ".step-*.tmp"))
        {
            var m = TempName().Match(Path.GetFileName(p));
            if (!m.Success || IsRunning(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))) continue;
            File.Delete(p);
            removed++;
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        // Called before this process writes any checkpoint, so its own id marks nothing in progress.
        return pid != Environment.ProcessId && ProcessLiveness.IsAlive(pid);
    }

    [GeneratedRegex(@"^step-(\d+)\.safetensors$")]
    private static partial Regex StepName();

    [GeneratedRegex(@"^\.step-\d+\.safetensors\.(\d+)\.[0-9a-f]+\.tmp$")]
    private static partial Regex TempName();
}
