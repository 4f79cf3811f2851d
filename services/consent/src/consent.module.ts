import { Module } from '@nestjs/common';
import { SubjectKeysModule } from '@hub/subject-keys';
import { AccessDecisionController } from './access/access-decision.controller';
import { ConsentReadAccess } from './access/consent-read-access';
import { AccessLogConsumer } from './access-log/access-log.consumer';
import { AccessLogController } from './access-log/access-log.controller';
import { BlockCommands } from './block/block.commands';
import { BlockController } from './block/block.controller';
import { CareRelationshipCommands } from './care-relationship/care-relationship.commands';
import { CareRelationshipController } from './care-relationship/care-relationship.controller';
import { ConsentFhirController } from './fhir/consent-fhir.controller';
import { OrganisationCommands } from './organisation/organisation.commands';
import { OrganisationController } from './organisation/organisation.controller';
import { PatientCommands } from './patient/patient.commands';
import { PatientController } from './patient/patient.controller';
import { ProjectCommands } from './project/project.commands';
import { ProjectController } from './project/project.controller';

@Module({
  imports: [SubjectKeysModule],
  controllers: [PatientController, OrganisationController, ProjectController, CareRelationshipController, BlockController, AccessDecisionController, ConsentFhirController, AccessLogController],
  providers: [PatientCommands, OrganisationCommands, ProjectCommands, CareRelationshipCommands, BlockCommands, AccessLogConsumer, ConsentReadAccess],
})
export class ConsentModule {}
