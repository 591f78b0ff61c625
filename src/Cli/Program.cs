using System;
using System.Threading;

namespace ConservationCodegen.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Ctrl+C cancels the analysis (the engine stops within milliseconds) instead of killing the process mid-write.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return CliApplication.Run(args, Console.Out, Console.Error, cancel.Token);
    }
}
