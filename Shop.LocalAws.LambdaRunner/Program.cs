using Shop.LocalAws.LambdaRunner;

// The local stand-in for Lambda's managed .NET runtime bootstrap.
//   Worker (one execution environment):   reads the variables Lambda sets (AWS_LAMBDA_RUNTIME_API, _HANDLER,
//                                          LAMBDA_TASK_ROOT, ...) and loops on the Runtime API.
//   Supervisor (one per function):         --supervise --function NAME --code-dir DIR [--localaws URL] [--max-workers N]
//                                          reads the function's configuration from LocalAws's Lambda API and starts
//                                          worker processes on demand, one invocation at a time each.
return args.Contains("--supervise")
    ? await WorkerSupervisor.RunAsync(SupervisorOptions.Parse(args))
    : await RuntimeWorker.RunAsync(args);
