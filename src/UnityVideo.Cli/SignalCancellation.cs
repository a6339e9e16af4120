using System.Runtime.InteropServices;

namespace UnityVideo.Cli;

/// <summary>
/// Turns the first SIGINT / SIGTERM into a cancellation request (long work then stops at a safe point and saves);
/// a second signal is left to the runtime and ends the process at once.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource cts = new();
    private readonly PosixSignalRegistration sigint;
    private readonly PosixSignalRegistration sigterm;

    /// <param name="message">What the first signal does, printed to stderr after the signal's name.</param>
    public SignalCancellation(string message)
    {
        void OnSignal(PosixSignalContext ctx)
        {
            if (cts.IsCancellationRequested) return;
            ctx.Cancel = true;
            Console.Error.WriteLine($"{ctx.Signal}: {message}");
            cts.Cancel();
        }
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => cts.Token;

    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        cts.Dispose();
    }
}
