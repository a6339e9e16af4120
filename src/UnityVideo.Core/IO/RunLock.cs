using System.Globalization;

namespace UnityVideo.Core.IO;

/// <summary>
/// Makes a run folder exclusive to one process: an operating-system lock on <c>.unityvideo.lock</c> inside it. The
/// kernel drops the lock when the holder exits or is killed, so a crashed run never leaves a lock that blocks the
/// next one; the file itself may stay behind and means nothing once unlocked.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name inside the run folder.</summary>
    public const string FileName = ".unityvideo.lock";

    private readonly FileStream stream;

    private RunLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lock of <paramref name="folder"/> (created if missing).</summary>
    /// <exception cref="IOException">Another process holds it; the message names the folder.</exception>
    public static RunLock Acquire(string folder)
    {
        var full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        var path = Path.Combine(full, FileName);
        FileStream stream;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw new IOException($"{full} is in use by another unityvideo process (it holds {FileName}); wait for it to finish or choose another --out.", e);
        }
        stream.SetLength(0);
        var note = System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}\n"));
        stream.Write(note);
        stream.Flush();
        return new RunLock(stream);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => stream.Dispose();
}
