/**
 * The extension's entry point: starts, restarts and configures the language client.
 *
 * Choosing an interpreter, building the command line and mapping settings live
 * in modules without a `vscode` import (interpreter.ts, launch.ts, settings.ts),
 * so the unit tests can load them. This file wires them to the VS Code API.
 */

import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';

import {
  describeCandidate,
  expandPathVariables,
  findInterpreter,
  listCandidates,
  noInterpreterMessage,
  type Interpreter,
} from './interpreter';
import {
  bundledServerCommand,
  checkInstalledServer,
  installedServerCommand,
  type LaunchCommand,
} from './launch';
import { runProbe } from './probe';
import { activePythonExtensionInterpreter, onDidChangePythonExtensionInterpreter } from './pythonExtension';
import { DOCUMENT_SELECTOR } from './selector';
import { buildServerSettings, RESTART_SETTINGS, SECTION, serverSettingKeys } from './settings';

const CLIENT_NAME = 'Dockerfile LS';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // vscode-languageclient 10 and later write to a log output channel.
  const channel = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(channel);

  controller = new ServerController(context, channel);
  context.subscriptions.push(
    vscode.commands.registerCommand(`${SECTION}.restartServer`, () => controller?.restart()),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => channel.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => controller?.onConfigurationChanged(event)),
  );

  await controller.start();

  const pythonListener = await onDidChangePythonExtensionInterpreter(() => {
    controller?.onPythonExtensionInterpreterChanged();
  });
  if (pythonListener !== undefined) {
    context.subscriptions.push(pythonListener);
  }
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

/** Owns the one LanguageClient, and serializes starts and stops. */
class ServerController {
  private client: LanguageClient | undefined;
  private interpreter: Interpreter | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly serverKeys: string[];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly channel: vscode.LogOutputChannel,
  ) {
    this.serverKeys = serverSettingKeys(context.extension.packageJSON);
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopNow());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.channel.info('restarting the server');
      await this.stopNow();
      await this.startNow();
    });
  }

  onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (RESTART_SETTINGS.some((key) => event.affectsConfiguration(key))) {
      void this.restart();
      return;
    }
    if (event.affectsConfiguration(SECTION) && this.client?.isRunning() === true) {
      const settings = this.serverSettings();
      this.channel.info(`sending changed settings to the server: ${JSON.stringify(settings)}`);
      void this.client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: settings },
      });
    }
  }

  onPythonExtensionInterpreterChanged(): void {
    if (this.interpreter?.candidate.source === 'python-extension' || this.client === undefined) {
      void this.restart();
    }
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch((error: unknown) => {
      this.channel.error(`server start or stop failed: ${String(error)}`);
    });
    return this.queue;
  }

  private serverSettings(): Record<string, unknown> {
    const configuration = vscode.workspace.getConfiguration(SECTION);
    return buildServerSettings(this.serverKeys, (key) => configuration.get(key));
  }

  private async startNow(): Promise<void> {
    const launch = await this.resolveLaunchCommand();
    if (launch === undefined) {
      return;
    }
    this.channel.info(`starting ${launch.command} ${launch.args.join(' ')}`);

    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      options: { env: { ...process.env, ...launch.env } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [...DOCUMENT_SELECTOR],
      outputChannel: this.channel,
      traceOutputChannel: this.channel,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: this.serverSettings(),
      markdown: { isTrusted: false, supportHtml: false },
    };

    // The id makes vscode-languageclient read `dockerfileLs.trace.server`.
    const client = new LanguageClient(SECTION, CLIENT_NAME, serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (error: unknown) {
      // vscode-languageclient has already shown an error with a link to the output.
      this.channel.error(`the server failed to start: ${String(error)}`);
    }
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.stop();
    } catch (error: unknown) {
      this.channel.warn(`the server did not stop cleanly: ${String(error)}`);
    }
  }

  /** Return the command that starts the server, or show why there is none. */
  private async resolveLaunchCommand(): Promise<LaunchCommand | undefined> {
    const configuration = vscode.workspace.getConfiguration(SECTION);
    const variables = {
      home: os.homedir(),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    };

    const serverPath = expandPathVariables(configuration.get<string>('server.path', ''), variables);
    if (serverPath !== '') {
      this.interpreter = undefined;
      const problem = await checkInstalledServer(serverPath, runProbe);
      if (problem !== undefined) {
        this.channel.error(problem);
        void this.showError(problem);
        return undefined;
      }
      return installedServerCommand(serverPath);
    }

    const bundleDir = this.context.asAbsolutePath('server/lib');
    if (!fs.existsSync(bundleDir)) {
      const message =
        `Dockerfile LS: the bundled server is missing (${bundleDir}). Reinstall the ` +
        'extension, or set dockerfileLs.server.path to an installed dockerfile-ls.';
      this.channel.error(message);
      void this.showError(message);
      return undefined;
    }

    const candidates = listCandidates({
      platform: process.platform,
      setting: expandPathVariables(configuration.get<string>('python.interpreter', ''), variables),
      pythonExtension: await activePythonExtensionInterpreter(this.channel),
    });
    const result = await findInterpreter(candidates, runProbe);
    for (const attempt of result.rejected) {
      this.channel.warn(`skipped ${describeCandidate(attempt.candidate)}: ${attempt.reason}`);
    }

    this.interpreter = result.interpreter;
    if (result.interpreter === undefined) {
      const message = noInterpreterMessage(result.rejected);
      this.channel.error(message);
      void this.showError(message);
      return undefined;
    }

    const { executable, version, candidate } = result.interpreter;
    this.channel.info(
      `using Python ${version.join('.')} at ${executable} from ${describeCandidate(candidate)}`,
    );
    return bundledServerCommand(executable, bundleDir, process.env['PYTHONPATH']);
  }

  private async showError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS, SHOW_OUTPUT);
    if (choice === OPEN_SETTINGS) {
      await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
    } else if (choice === SHOW_OUTPUT) {
      this.channel.show(true);
    }
  }
}
