/**
 * The soak's rounds. Each opens a fresh room whose keeper (its first member)
 * hosts and publishes, drives three joins through one kind of trouble with at
 * most four members present, and checks media after every step.
 */
import {
  crash,
  hostBy,
  joinTogether,
  leaveRoom,
  openAll,
  share,
  startServer,
  stopServer,
  togglePublish,
} from './room-steps.js';
import type { SoakRoom } from './soak-room.js';

export interface Scenario {
  name: string;
  run: (room: SoakRoom) => Promise<void>;
}

/** Three people join at the same instant. */
async function burst(room: SoakRoom): Promise<void> {
  const [ada, ...joiners] = await openAll(room, ['Ada', 'Ben', 'Cy', 'Dee']);
  await hostBy(room, ada!);
  await joinTogether(room, joiners);
}

/** One at a time into a room where everyone already publishes. */
async function lateJoiners(room: SoakRoom): Promise<void> {
  const [ada, ben, cy, dee] = await openAll(room, ['Ada', 'Ben', 'Cy', 'Dee']);
  await hostBy(room, ada!);
  await joinTogether(room, [ben!]);
  await joinTogether(room, [cy!]);
  await joinTogether(room, [dee!]);
}

/** The keeper leaves; the others keep playing each other, and a newcomer still gets in. */
async function keeperLeaves(room: SoakRoom): Promise<void> {
  const [ada, ben, cy] = await openAll(room, ['Ada', 'Ben', 'Cy']);
  await hostBy(room, ada!);
  await joinTogether(room, [ben!, cy!]);
  await leaveRoom(room, ada!);
  const [dee] = await openAll(room, ['Dee']);
  await joinTogether(room, [dee!]);
}

/** A member's page crashes and it comes back under the same name. */
async function crashAndReturn(room: SoakRoom): Promise<void> {
  const [ada, ben, cy] = await openAll(room, ['Ada', 'Ben', 'Cy']);
  await hostBy(room, ada!);
  await joinTogether(room, [ben!, cy!]);
  await crash(room, ben!);
  const [benAgain] = await openAll(room, ['Ben']);
  await joinTogether(room, [benAgain!]);
}

/** The rendezvous server restarts mid-call; then someone joins. */
async function serverRestart(room: SoakRoom): Promise<void> {
  const [ada, ben, cy] = await openAll(room, ['Ada', 'Ben', 'Cy']);
  await hostBy(room, ada!);
  await joinTogether(room, [ben!, cy!]);
  await stopServer(room);
  await startServer(room);
  const [dee] = await openAll(room, ['Dee']);
  await joinTogether(room, [dee!]);
}

/** Screens shared and stopped, with a late joiner arriving while one is shared. */
async function screenShares(room: SoakRoom): Promise<void> {
  const [ada, ben, cy, dee] = await openAll(room, ['Ada', 'Ben', 'Cy', 'Dee']);
  await hostBy(room, ada!);
  await joinTogether(room, [ben!, cy!]);
  await share(room, ben!, true);
  await joinTogether(room, [dee!]);
  await share(room, ben!, false);
  await share(room, ada!, true);
  await share(room, ada!, false);
}

/** Camera and mic stopped and started again, and a watcher who starts publishing. */
async function publishToggles(room: SoakRoom): Promise<void> {
  const [ada, ben, cy, dee] = await openAll(room, ['Ada', 'Ben', 'Cy', 'Dee']);
  await hostBy(room, ada!);
  await joinTogether(room, [ben!]);
  await joinTogether(room, [cy!], false);
  await togglePublish(room, cy!, true);
  await togglePublish(room, ben!, false);
  await joinTogether(room, [dee!]);
  await togglePublish(room, ben!, true);
}

export const scenarios: Scenario[] = [
  { name: 'burst', run: burst },
  { name: 'late-joiners', run: lateJoiners },
  { name: 'keeper-leaves', run: keeperLeaves },
  { name: 'crash-and-return', run: crashAndReturn },
  { name: 'server-restart', run: serverRestart },
  { name: 'screen-shares', run: screenShares },
  { name: 'publish-toggles', run: publishToggles },
];

export const scenarioNames: readonly string[] = scenarios.map((scenario) => scenario.name);
